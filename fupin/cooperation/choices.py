"""Code lists of the east–west cooperation with Chongzuo (section 六 of the plan, R6.1–R6.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The six areas of the 2020 agreement (协议指标), with 消费协作 that the plan asks beside them."""

    LEADERSHIP = "leadership", _("组织领导")
    INDUSTRY = "industry", _("产业合作")
    TALENT = "talent", _("人才支持")
    LABOUR = "labour", _("劳务协作")
    FUNDS = "funds", _("资金支持")
    TOGETHER = "together", _("携手奔小康")
    CONSUMPTION = "consumption", _("消费协作")


class Rule(models.TextChoices):
    """How an indicator's actual is obtained: read from the work Fupin records, or entered monthly."""

    ENTERED = "entered", _("按月填报")
    PLACED = "placed", _("贫困劳动力转移就业(人)")
    PLACED_CITY = "placed_city", _("到江门就业(人)")
    PLACED_PROVINCE = "placed_province", _("到广东其他地市就业(人)")
    PLACED_NEAR = "placed_near", _("就近就地就业(人)")
    TRAINED = "trained", _("贫困劳动力培训(人)")
    FUNDS = "funds", _("财政帮扶资金(元)")
    PROJECTS = "projects", _("江门企业产业合作项目(个)")
    PROJECT_HOUSEHOLDS = "project_households", _("产业项目带动贫困户(户)")
    INVESTMENT = "investment", _("产业项目投资(元)")
    SALES = "sales", _("采购销售崇左农产品(元)")
    ENTERPRISE_PAIRS = "enterprise_pairs", _("百企联百村结对(对)")
    ENTERPRISE_GIFTS = "enterprise_gifts", _("百企联百村帮扶资金(元)")
    WORKSHOPS = "workshops", _("扶贫车间(个)")
    WORKSHOP_EMPLOYED = "workshop_employed", _("扶贫车间吸纳贫困人口(人)")


# Figures of Jiangmen's work for a county: they count once the county confirmed them (or after the deadline).
JIANGMEN_FIGURES = {
    Rule.PLACED,
    Rule.PLACED_CITY,
    Rule.PLACED_PROVINCE,
    Rule.PLACED_NEAR,
    Rule.TRAINED,
    Rule.FUNDS,
    Rule.PROJECTS,
    Rule.PROJECT_HOUSEHOLDS,
    Rule.INVESTMENT,
    Rule.SALES,
}


class PairingKind(models.TextChoices):
    COUNTY = "county", _("县级结对")
    TOWN = "town", _("携手奔小康(镇村结对)")
    ENTERPRISE = "enterprise", _("百企联百村")


class CountyStage(models.TextChoices):
    EXITING = "exiting", _("脱贫摘帽攻坚")
    EXITED = "exited", _("已摘帽巩固")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class Light(models.TextChoices):
    GREEN = "green", _("已完成")
    AMBER = "amber", _("进行中")
    RED = "red", _("滞后")


class ConfirmState(models.TextChoices):
    NONE = "none", _("无需确认")
    PENDING = "pending", _("待协作地确认")
    CONFIRMED = "confirmed", _("协作地已确认")
    DEEMED = "deemed", _("逾期未确认，视同确认")


class CriterionKind(models.TextChoices):
    INCIDENCE = "incidence", _("贫困发生率低于标准")
    ASSURANCES = "assurances", _("两不愁三保障全部达标")
    VILLAGES = "villages", _("贫困村全部出列")
    SATISFACTION = "satisfaction", _("群众认可度(满意度调查)")


class CriterionStatus(models.TextChoices):
    OPEN = "open", _("未核验")
    READY = "ready", _("已达标")
    FAILED = "failed", _("未达标")
