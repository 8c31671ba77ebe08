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
    VILLAGE_CADRE = "village_cadre", _("村干部/驻村第一书记")
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
REVIEW_WORK = {
    "reports.approve_report",
    "reports.unlock_report",
    "ledgers.close_item",
    "ledgers.create_item",
    "employment.run_matching",
    "employment.approve_subsidy",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CITY_OFFICE: frozenset(
        READ_REGISTRY
        | WRITE_REGISTRY
        | READ_WORK
        | FILL_WORK
        | REVIEW_WORK
        | {
            "reports.open_period",
            "plan.change_plan",
            "ledgers.manage_supervision",
            "funds.allocate_fund",
            "industry.approve_project",
            "funds.disburse_fund",
        }
        | CONSUMPTION_RUN
        | MONITORING_REVIEW
        | {"monitoring.manage_rule"}
    ),
    Role.DISTRICT_OFFICE: frozenset(
        READ_REGISTRY
        | WRITE_REGISTRY
        | READ_WORK
        | FILL_WORK
        | REVIEW_WORK
        | {
            "registry.view_full_id",
            "ledgers.manage_supervision",
            "funds.allocate_fund",
            "industry.approve_project",
            "funds.disburse_fund",
        }
        | CONSUMPTION_RUN
        | MONITORING_REVIEW
    ),
    Role.TOWN_GROUP: frozenset(
        READ_REGISTRY
        | WRITE_REGISTRY
        | READ_WORK
        | FILL_WORK
        | REVIEW_WORK
        | {"registry.view_full_id", "funds.disburse_fund"}
        | CONSUMPTION_WORK
        | MONITORING_REVIEW
    ),
    Role.VILLAGE_CADRE: frozenset(
        READ_REGISTRY
        | WRITE_REGISTRY
        | READ_WORK
        | FILL_WORK
        | {"registry.view_full_id"}
        | CONSUMPTION_WORK
        | MONITORING_WORK
    ),
    Role.DEPARTMENT: frozenset(
        READ_REGISTRY
        | READ_WORK
        | {"ledgers.change_item", "employment.change_laborer", "training.change_class"}
        | CONSUMPTION_READ
        | MONITORING_READ
        | {"monitoring.import_signal"}
    ),
    Role.PAIRED_COUNTERPART: frozenset(
        READ_REGISTRY
        | READ_WORK
        | {"employment.change_laborer", "employment.run_matching"}
        | CONSUMPTION_WORK
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
    Role.DEPARTMENT: {2, 3},
    Role.PAIRED_COUNTERPART: {2, 3},
    Role.AUDITOR: {1, 2, 3},
    Role.SYSADMIN: {1, 2},
    Role.SECURITY_ADMIN: {1, 2},
    Role.BUYER: {2, 3},
}


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def all_permission_codes() -> set[str]:
    return set().union(*ROLE_PERMISSIONS.values())


def needs_second_factor(role: str) -> bool:
    """Computed from the role's rights, so a role given the full-ID or export right later is covered."""
    return role in SYSTEM_ROLES or bool(permissions_of(role) & SECOND_FACTOR_PERMISSIONS)
