"""The city's risk rules: edited as data, each edit versioned and audited."""

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.monitoring.choices import Colour
from fupin.monitoring.models import RiskRule
from fupin.monitoring.services.common import RULES

RULE_FIELDS = ["name", "params", "reason", "colour", "active"]


@transaction.atomic
def update_rule(rule, *, by, version, **values) -> RiskRule:
    """Change a rule's name, parameters, reason, colour or whether it runs; the kind stays."""
    check_scope(by, RULES, rule.region_code)
    values = {k: v for k, v in values.items() if k in RULE_FIELDS}
    if "reason" in values and not (values["reason"] or "").strip():
        raise DomainError(_("请填写预警理由。"), field="reason")
    if "colour" in values and values["colour"] not in Colour.values:
        raise DomainError(_("预警颜色无效。"), field="colour")
    if "params" in values and not isinstance(values["params"], dict):
        raise DomainError(_("参数应为键值对。"), field="params")
    # The trail shows the rule's version with its fields: signals name the version that raised them.
    return update_versioned(
        rule,
        by=by,
        version=version,
        fields=[*RULE_FIELDS, "version"],
        values=values,
        action="monitoring.riskrule.changed",
    )
