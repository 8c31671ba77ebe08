"""Roles and the permission codes each grants. A role assignment binds a role to a region subtree.

Permission codes are `<app>.<action>_<model>`. They are data of the code base rather than rows in
the database because they change with the code; which user holds which role where is data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_OFFICE = "city_office", _("市扶贫办")
    DISTRICT_OFFICE = "district_office", _("市(区)扶贫办")
    TOWN_GROUP = "town_group", _("镇(街)扶贫工作组")
    VILLAGE_CADRE = "village_cadre", _("村干部")
    FIRST_SECRETARY = "first_secretary", _("驻村第一书记")
    DEPARTMENT = "department", _("市直部门")
    PAIRED_COUNTERPART = "paired_counterpart", _("协作地区对接人")
    AUDITOR = "auditor", _("审计员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    BUYER = "buyer", _("消费扶贫采购方")


# 三权分立 (等保 2.0 level 3): the three system roles are held alone, never together or with a data role.
SYSTEM_ROLES = frozenset({Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
# Rights that make a role's holders sign in with a second factor (besides the system roles).
SECOND_FACTOR_PERMISSIONS = frozenset({"registry.view_full_id", "registry.export_household"})


READ_REGISTRY = {"regions.view_region", "registry.view_household", "registry.export_household"}
WRITE_REGISTRY = {"registry.change_household", "registry.import_household"}
READ_WORK = {
    "reports.view_assessment",
    "ledgers.view_item",
    "employment.view_laborer",
    "training.view_class",
    "plan.view_plan",
    "plan.view_roster",
    "funds.view_fund",
    "industry.view_project",
    "finance.view_loan",
    "insurance.view_policy",
}
FILL_WORK = {
    "reports.change_assessment",
    "reports.submit_report",
    "ledgers.change_item",
    "employment.change_laborer",
    "training.change_class",
    "industry.change_project",
    "finance.change_loan",
    "insurance.change_policy",
}
# 消费扶贫 (fupin.consumption): offices read the market of their regions and run it; buyers only buy.
CONSUMPTION_READ = {"consumption.view_listing"}
CONSUMPTION_WORK = CONSUMPTION_READ | {"consumption.change_listing"}
CONSUMPTION_RUN = CONSUMPTION_WORK | {"consumption.run_matching", "consumption.manage_buyer"}
# 防返贫监测 (fupin.monitoring): villages record signals and propose; towns and counties review and confirm
# (the level is checked by the service); departments import their lists; the city keeps the risk rules.
MONITORING_READ = {"monitoring.view_signal"}
MONITORING_WORK = MONITORING_READ | {"monitoring.change_signal"}
MONITORING_REVIEW = MONITORING_WORK | {"monitoring.review_case", "monitoring.import_signal"}
# 东西部扶贫协作 (fupin.cooperation): the city keeps the agreement and approves entries; districts and city
# bodies enter what they did; the paired county's office reads its own county, confirms figures, enters and
# checks its exit criteria.
COOPERATION_READ = {"cooperation.view_indicator"}
COOPERATION_ENTER = COOPERATION_READ | {"cooperation.enter_entry"}
COOPERATION_RUN = COOPERATION_ENTER | {
    "cooperation.manage_indicator",
    "cooperation.approve_entry",
    "cooperation.check_exit",
}
COOPERATION_COUNTERPART = COOPERATION_ENTER | {"cooperation.confirm_indicator", "cooperation.check_exit"}
REVIEW_WORK = {
    "reports.approve_report",
    "reports.unlock_report",
    "ledgers.close_item",
    "ledgers.create_item",
    "employment.run_matching",
    "employment.approve_subsidy",
}

# What the village, town, district and city levels all do: read and write the registry, read and fill the work.
LOCAL_WORK = READ_REGISTRY | WRITE_REGISTRY | READ_WORK | FILL_WORK
# What the city's and the districts' offices run besides: the roster, supervision, funds and projects.
OFFICE_RUN = {
    "plan.manage_roster",
    "ledgers.manage_supervision",
    "funds.allocate_fund",
    "industry.approve_project",
    "funds.disburse_fund",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CITY_OFFICE: frozenset(
        LOCAL_WORK
        | REVIEW_WORK
        | OFFICE_RUN
        | {"reports.open_period", "plan.change_plan"}
        | CONSUMPTION_RUN
        | MONITORING_REVIEW
        | {"monitoring.manage_rule"}
        | COOPERATION_RUN
    ),
    Role.DISTRICT_OFFICE: frozenset(
        LOCAL_WORK
        | REVIEW_WORK
        | OFFICE_RUN
        | {"registry.view_full_id"}
        | CONSUMPTION_RUN
        | MONITORING_REVIEW
        | COOPERATION_ENTER
    ),
    Role.TOWN_GROUP: frozenset(
        LOCAL_WORK
        | REVIEW_WORK
        | {"registry.view_full_id", "funds.disburse_fund", "plan.manage_roster"}
        | CONSUMPTION_WORK
        | MONITORING_REVIEW
    ),
    Role.VILLAGE_CADRE: frozenset(
        LOCAL_WORK | {"registry.view_full_id"} | CONSUMPTION_WORK | MONITORING_WORK
    ),
    # 驻村第一书记: sent by a unit to a village (fupin.plan roster); works the village's reports, ledger and
    # monitoring beside the village committee, but the registry is the committee's to write.
    Role.FIRST_SECRETARY: frozenset(
        READ_REGISTRY | READ_WORK | FILL_WORK | {"registry.view_full_id"} | CONSUMPTION_WORK | MONITORING_WORK
    ),
    # A city department: the common part; its domain (DEPARTMENT_DOMAINS, by the assignment's unit) adds
    # the rest, and its households are only those of the domain (DOMAIN_LIMITED).
    Role.DEPARTMENT: frozenset(
        {"regions.view_region", "plan.view_plan", "plan.view_roster", "reports.view_assessment"}
        | {"ledgers.view_item"}
        | {"ledgers.change_item"}
        | READ_REGISTRY
        | CONSUMPTION_READ
        | MONITORING_READ
        | {"monitoring.import_signal"}
        | COOPERATION_ENTER
    ),
    Role.PAIRED_COUNTERPART: frozenset(
        READ_REGISTRY
        | READ_WORK
        | {"employment.change_laborer", "employment.run_matching"}
        | CONSUMPTION_WORK
        | COOPERATION_COUNTERPART
    ),
    Role.AUDITOR: frozenset({"regions.view_region", "audit.view_auditentry"}),
    # System administration (configuration, regions, code lists): no personal data and no accounts.
    Role.SYSADMIN: frozenset({"regions.view_region", "core.manage_configuration"}),
    Role.SECURITY_ADMIN: frozenset({"regions.view_region", "accounts.manage_users", "audit.view_alert"}),
    # An organisation buying poverty products: the market, its own demands and orders; no registry scope.
    Role.BUYER: frozenset({"consumption.buy"}),
}

# The level (region code length) at which a role normally sits; used to validate assignments.
ROLE_LEVELS = {
    Role.CITY_OFFICE: {2},
    Role.DISTRICT_OFFICE: {3},
    Role.TOWN_GROUP: {4},
    Role.VILLAGE_CADRE: {5},
    Role.FIRST_SECRETARY: {5},
    Role.DEPARTMENT: {2, 3},
    Role.PAIRED_COUNTERPART: {2, 3},
    Role.AUDITOR: {1, 2, 3},
    Role.SYSADMIN: {1, 2},
    Role.SECURITY_ADMIN: {1, 2},
    Role.BUYER: {2, 3},
}


class Domain(models.TextChoices):
    """The work a city department answers for (U2): it reads the households and the work of its domain."""

    LABOR = "labor", _("就业与培训")
    HOUSING = "housing", _("住房安全")
    WATER = "water", _("饮水安全")
    MEDICAL = "medical", _("医疗保障")
    EDUCATION = "education", _("教育")
    CIVIL = "civil", _("社会救助")
    INDUSTRY = "industry", _("产业与消费扶贫")
    FINANCE = "finance", _("资金")


# A department's unit, as the document names it, says its domain: the first key word found in the name.
DEPARTMENT_DOMAINS = [
    ("人力资源社会保障", Domain.LABOR),
    ("社保局", Domain.LABOR),
    ("住房城乡建设", Domain.HOUSING),
    ("住建", Domain.HOUSING),
    ("水利", Domain.WATER),
    ("医疗保障", Domain.MEDICAL),
    ("卫生健康", Domain.MEDICAL),
    ("教育", Domain.EDUCATION),
    ("民政", Domain.CIVIL),
    ("残联", Domain.CIVIL),
    ("农业农村", Domain.INDUSTRY),
    ("商务", Domain.INDUSTRY),
    ("供销", Domain.INDUSTRY),
    ("财政", Domain.FINANCE),
    ("金融", Domain.FINANCE),
]
# The work each domain reads and does besides the department's common part.
DOMAIN_PERMISSIONS: dict[str, frozenset[str]] = {
    Domain.LABOR: frozenset(
        {
            "employment.view_laborer",
            "employment.change_laborer",
            "training.view_class",
            "training.change_class",
        }
    ),
    Domain.HOUSING: frozenset(),
    Domain.WATER: frozenset(),
    Domain.MEDICAL: frozenset({"insurance.view_policy"}),
    Domain.EDUCATION: frozenset({"training.view_class"}),
    Domain.CIVIL: frozenset({"insurance.view_policy"}),
    Domain.INDUSTRY: frozenset({"industry.view_project", "finance.view_loan", "consumption.view_listing"}),
    Domain.FINANCE: frozenset({"funds.view_fund", "finance.view_loan", "industry.view_project"}),
}
# Rights a department holds only over the rows of its domain: each model reading them declares, on its
# QuerySet, which of its rows a domain covers (`ScopedQuerySet.domains`); a model that declares none shows a
# department none. Every other right is held over the whole region, like any role's.
DOMAIN_LIMITED = frozenset({"registry.view_household", "registry.export_household"})


def domain_of(unit: str) -> str:
    """The domain of a department's unit ("" when its name says none: then it has only the common part)."""
    return next((domain for word, domain in DEPARTMENT_DOMAINS if word in (unit or "")), "")


def permissions_of(role: str, unit: str = "") -> frozenset[str]:
    """What the role grants; a department's also depends on its unit's domain."""
    granted = ROLE_PERMISSIONS.get(role, frozenset())
    if role == Role.DEPARTMENT:
        granted |= DOMAIN_PERMISSIONS.get(domain_of(unit), frozenset())
    return granted


def limited_permissions_of(role: str) -> frozenset[str]:
    """The rights the role holds only over its domain's rows (a department's DOMAIN_LIMITED)."""
    return DOMAIN_LIMITED if role == Role.DEPARTMENT else frozenset()


def all_permission_codes() -> set[str]:
    return set().union(*ROLE_PERMISSIONS.values(), *DOMAIN_PERMISSIONS.values())


def needs_second_factor(role: str) -> bool:
    """Computed from the role's rights, so a role given the full-ID or export right later is covered."""
    return role in SYSTEM_ROLES or bool(permissions_of(role) & SECOND_FACTOR_PERMISSIONS)
