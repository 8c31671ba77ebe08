"""Which payees a budget line may pay (section 三 of the plan).

- 支持脱贫不稳定贫困户发展产业 (¥3.04M) pays households only, and only those that are 脱贫不稳定 (the
  registry's monitoring mark) or on the unstable-income supervision list (挂牌督战 收入不稳定);
- the “造血式” industry fund (¥10M) pays projects only;
- 贫困户商业保险 (¥1.45M) pays premiums to the insurer, never to households.
"""

from django.utils.translation import gettext as _

from fupin.core.errors import DomainError
from fupin.funds.choices import PayeeKind

UNSTABLE_LINE = "unstable-household-industry"
INDUSTRY_FUND_LINE = "industry-fund"
INSURANCE_LINE = "insurance-premiums"
LOAN_SUBSIDY_LINE = "zhengyinbao-subsidy"

PAYEE_KINDS = {
    UNSTABLE_LINE: {PayeeKind.HOUSEHOLD},
    INDUSTRY_FUND_LINE: {PayeeKind.PROJECT},
    INSURANCE_LINE: {PayeeKind.INSURER},
}


def unstable_household_ids(household_ids) -> set[int]:
    """Those of the households that are 脱贫不稳定 or on the unstable-income supervision list."""
    from fupin.ledgers.choices import SupervisionGroup
    from fupin.ledgers.models import SupervisionTarget
    from fupin.registry import queries as registry_queries

    ids = set(household_ids)
    marked = _marked_unstable(registry_queries, ids)
    supervised = SupervisionTarget.objects.filter(
        group=SupervisionGroup.INCOME, household_id__in=ids, done=False
    ).values_list("household_id", flat=True)
    return set(marked) | set(supervised)


def _marked_unstable(registry_queries, ids):
    """The registry's 脱贫不稳定 mark, through its queries when they offer it; else read from the mark
    (监测对象标识 = 脱贫不稳定户), or, on a registry without the mark, its monitored status (监测对象)."""
    reader = getattr(registry_queries, "unstable_household_ids", None)
    if reader is not None:
        return reader(ids)
    from fupin.registry import choices
    from fupin.registry.models import Household

    mark = getattr(choices, "MonitoringMark", None)
    condition = {"monitoring_mark": mark.UNSTABLE} if mark is not None else {"status": "5"}
    return Household.objects.filter(pk__in=ids, **condition).values_list("pk", flat=True)


def check_payee(line_code, payee_kind, household):
    """DomainError unless the budget line may pay this payee."""
    allowed = PAYEE_KINDS.get(line_code)
    if allowed is None:
        return
    if payee_kind not in allowed:
        labels = "、".join(str(PayeeKind(k).label) for k in sorted(allowed))
        message = _("该项资金只能支付给：%(kinds)s。") % {"kinds": labels}
        raise DomainError(message, field="payee_kind", code="payee_not_allowed")
    if line_code == UNSTABLE_LINE and not unstable_household_ids([household.pk]):
        message = _("该户不是脱贫不稳定户，也不在收入不稳定督战名单中，不能使用此项资金。")
        raise DomainError(message, field="household", code="payee_not_allowed")
