"""Code lists of employment support (就业帮扶)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LaborerStatus(models.TextChoices):
    ON_POST = "on_post", _("在岗")
    RETURNED = "returned", _("已返岗")
    WAITING = "waiting", _("待返岗")
    UNEMPLOYED = "unemployed", _("失业")
    UNWILLING = "unwilling", _("无意愿")


# Statuses that count as "at work" for the return-to-work rate.
AT_WORK = {LaborerStatus.ON_POST, LaborerStatus.RETURNED}
# Statuses of laborers who want a job and may be matched.
SEEKING = {LaborerStatus.WAITING, LaborerStatus.UNEMPLOYED}


class WorkArea(models.TextChoices):
    """How far from home: ordered from nearest to farthest (the order is used by the matching)."""

    TOWN = "1", _("乡镇内")
    COUNTY = "2", _("县内")
    PROVINCE = "3", _("省内县外")
    OUTSIDE = "4", _("省外")


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections."""

    AGRICULTURE = "A", _("农、林、牧、渔业")
    MINING = "B", _("采矿业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    TRADE = "F", _("批发和零售业")
    LOGISTICS = "G", _("交通运输、仓储和邮政业")
    HOSPITALITY = "H", _("住宿和餐饮业")
    IT = "I", _("信息传输、软件和信息技术服务业")
    FINANCE = "J", _("金融业")
    REAL_ESTATE = "K", _("房地产业")
    BUSINESS = "L", _("租赁和商务服务业")
    RESEARCH = "M", _("科学研究和技术服务业")
    ENVIRONMENT = "N", _("水利、环境和公共设施管理业")
    RESIDENT = "O", _("居民服务、修理和其他服务业")
    EDUCATION = "P", _("教育")
    HEALTH = "Q", _("卫生和社会工作")
    CULTURE = "R", _("文化、体育和娱乐业")
    PUBLIC = "S", _("公共管理、社会保障和社会组织")


class ResumptionStatus(models.TextChoices):
    NOT_RESUMED = "no", _("未复工")
    PARTLY = "partly", _("部分复工")
    RESUMED = "yes", _("已复工")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("招聘中")
    FILLED = "filled", _("已招满")
    CLOSED = "closed", _("已关闭")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已驳回")
    SUPERSEDED = "superseded", _("已被新批次取代")


class ReferralStage(models.TextChoices):
    REFERRED = "referred", _("已推荐")
    INTERVIEWED = "interviewed", _("已面试")
    PLACED = "placed", _("已上岗")
    MONTH1 = "month1", _("在岗满1个月")
    MONTH3 = "month3", _("在岗满3个月")
    ENDED = "ended", _("已终止")


# The referral steps in order, each with the date field it stamps.
REFERRAL_STEPS = [
    (ReferralStage.REFERRED, "referred_on"),
    (ReferralStage.INTERVIEWED, "interviewed_on"),
    (ReferralStage.PLACED, "placed_on"),
    (ReferralStage.MONTH1, "month1_on"),
    (ReferralStage.MONTH3, "month3_on"),
]
PLACED_STAGES = {ReferralStage.PLACED, ReferralStage.MONTH1, ReferralStage.MONTH3}


class PostKind(models.TextChoices):
    CLEANING = "cleaning", _("保洁环卫")
    DISINFECTION = "disinfection", _("防疫消杀")
    CHECKPOINT = "checkpoint", _("卡点值守")
    FOREST = "forest", _("护林")
    ROAD = "road", _("护路")
    OTHER = "other", _("其他")


class Beneficiary(models.TextChoices):
    PERSON = "person", _("个人")
    ENTERPRISE = "enterprise", _("用人单位")


class AmountBasis(models.TextChoices):
    PER_MONTH = "month", _("按月")
    ONCE = "once", _("一次性")
    PER_HIRED = "per_hired", _("按吸纳人数")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    REVIEWED = "reviewed", _("已审核")
    APPROVED = "approved", _("已批准")
    PAID = "paid", _("已发放")
    REJECTED = "rejected", _("不予批准")


class RecruitmentMode(models.TextChoices):
    ONLINE = "online", _("线上")
    ONSITE = "onsite", _("现场")
