"""Code lists of the ledgers (DOMAIN.md §7.1), with Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerKind(models.TextChoices):
    ASSISTANCE = "assistance", _("帮扶工作台账")
    PROGRESS = "progress", _("工作推进台账")
    PROBLEM = "problem", _("问题清单台账")
    SUPERVISION = "supervision", _("挂牌督战台账")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("未整改")
    IN_PROGRESS = "in_progress", _("整改中")
    CLOSE_REQUESTED = "close_requested", _("申请销号")
    CLOSED = "closed", _("已销号")


class Source(models.TextChoices):
    INSPECTION = "inspection", _("中央专项巡视/回头看")
    NATIONAL_ASSESSMENT = "national_assessment", _("国家成效考核")
    CROSS_ASSESSMENT = "cross_assessment", _("省际交叉考核")
    THIRD_PARTY = "third_party", _("第三方评估")
    SUPERVISION = "supervision", _("省市督查/暗访")
    AUDIT = "audit", _("审计")
    DISCIPLINE = "discipline", _("纪检监察")
    PATROL = "patrol", _("巡察")
    HOTLINE = "hotline", _("12317 监督举报")
    SELF_CHECK = "self_check", _("自查")
    WEEKLY = "weekly", _("每周跟踪")
    SCREENING = "screening", _("全面排查")


class Category(models.TextChoices):
    TWO_NO_WORRIES = "two_no_worries", _("两不愁")
    EDUCATION = "education", _("义务教育")
    MEDICAL = "medical", _("基本医疗")
    HOUSING = "housing", _("住房安全")
    WATER = "water", _("饮水安全")
    INCOME = "income", _("收入")
    RESPONSIBILITY = "responsibility", _("帮扶责任")
    POLICY = "policy", _("政策落实")
    FUNDS = "funds", _("资金项目")
    CONDUCT = "conduct", _("作风")
    DATA = "data", _("数据质量")
    EMPLOYMENT = "employment", _("务工就业")
    PRODUCTION = "production", _("发展生产")
    EPIDEMIC = "epidemic", _("疫情防控")
    COLLECTIVE_INCOME = "collective_income", _("村集体收入")
    ROAD = "road", _("行路难")
    OTHER = "other", _("其他")


class Priority(models.TextChoices):
    URGENT = "1", _("紧急")
    HIGH = "2", _("重要")
    NORMAL = "3", _("一般")
    LOW = "4", _("缓办")


class RectificationType(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期坚持")


class TargetKind(models.TextChoices):
    HOUSEHOLD = "household", _("户")
    PERSON = "person", _("人")
    VILLAGE = "village", _("村")


class SupervisionGroup(models.TextChoices):
    INCOME = "income", _("收入不稳定")
    WATER = "water", _("饮水安全")
    HOUSING = "housing", _("住房安全")


class DoneStatus(models.TextChoices):
    """Where a supervision target's completion stands: the village reports it, the town reviews it."""

    OPEN = "open", _("督战中")
    REQUESTED = "requested", _("待镇(街)审核")
    DONE = "done", _("已完成")


class ScreeningScope(models.TextChoices):
    HOUSEHOLD = "household", _("贫困户")
    VILLAGE = "village", _("村")


class CheckItem(models.TextChoices):
    """Screening checklist items (R5.2); 三保障 is split into its three guarantees."""

    SAN_LUOSHI = "san_luoshi", _("三落实（责任、政策、工作落实）")
    SAN_JINGZHUN = "san_jingzhun", _("三精准（精准识别、帮扶、退出）")
    EDUCATION = "education", _("三保障：义务教育")
    MEDICAL = "medical", _("三保障：基本医疗")
    HOUSING = "housing", _("三保障：住房安全")
    YI_TISHENG = "yi_tisheng", _("一提升（群众认可度提升）")
    WATER = "water", _("饮水安全")
    COLLECTIVE_INCOME = "collective_income", _("村级集体可支配收入达标")
    OLD_BASE_WATER = "old_base_water", _("革命老区村饮水难")
    OLD_BASE_ROAD = "old_base_road", _("革命老区村行路难")


HOUSEHOLD_CHECKS = [
    CheckItem.SAN_LUOSHI,
    CheckItem.SAN_JINGZHUN,
    CheckItem.EDUCATION,
    CheckItem.MEDICAL,
    CheckItem.HOUSING,
    CheckItem.YI_TISHENG,
    CheckItem.WATER,
]
OLD_BASE_CHECKS = [CheckItem.OLD_BASE_WATER, CheckItem.OLD_BASE_ROAD]
VILLAGE_CHECKS = [CheckItem.COLLECTIVE_INCOME, CheckItem.OLD_BASE_WATER, CheckItem.OLD_BASE_ROAD]

CHECK_CATEGORY = {
    CheckItem.SAN_LUOSHI: Category.RESPONSIBILITY,
    CheckItem.SAN_JINGZHUN: Category.DATA,
    CheckItem.EDUCATION: Category.EDUCATION,
    CheckItem.MEDICAL: Category.MEDICAL,
    CheckItem.HOUSING: Category.HOUSING,
    CheckItem.YI_TISHENG: Category.CONDUCT,
    CheckItem.WATER: Category.WATER,
    CheckItem.COLLECTIVE_INCOME: Category.COLLECTIVE_INCOME,
    CheckItem.OLD_BASE_WATER: Category.WATER,
    CheckItem.OLD_BASE_ROAD: Category.ROAD,
}
