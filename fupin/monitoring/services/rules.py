"""The city's risk rules: edited as data, each edit versioned and audited."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError, DomainError
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
    before = snapshot(rule, RULE_FIELDS)
    if not RiskRule.objects.filter(pk=rule.pk, version=version).update(**values, version=F("version") + 1):
        raise ConflictError()
    rule.refresh_from_db()
    record(
        "monitoring.riskrule.changed",
        by=by,
        target=rule,
        changes={**diff(before, snapshot(rule, RULE_FIELDS)), "version": [version, rule.version]},
    )
    return rule
