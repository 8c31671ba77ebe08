"""Employment subsidies: an application checked against its kind's rules, then review → approve → pay."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import record
from fupin.core.errors import ConflictError, DomainError, refused_if_duplicate
from fupin.core.scope import check_scope
from fupin.employment import queries
from fupin.employment.choices import ApplicationStatus
from fupin.employment.models import SubsidyApplication
from fupin.employment.services.common import APPROVE, CHANGE
from fupin.funds import services as fund_services
from fupin.funds.choices import PayeeKind


@transaction.atomic
def apply_subsidy(*, by, kind, period, laborer=None, enterprise=None, months=1, proof="", on=None):
    """An application whose eligibility and amount come from the kind's rules; refused when ineligible."""
    for given in (laborer, enterprise):
        if given is not None:
            check_scope(by, CHANGE, given.region_code)
    target = laborer or enterprise
    if target is None or (laborer is not None and enterprise is not None):
        raise DomainError(_("请选择一名劳动力或一家企业作为发放对象。"))
    try:
        queries.period_bounds(period)
    except (ValueError, IndexError):
        raise DomainError(_("补贴期间格式应为 2020 或 2020-03。"), field="period") from None
    result = queries.check_eligibility(
        kind, laborer=laborer, enterprise=enterprise, period=period, months=months
    )
    if not result.eligible:
        raise DomainError(_("不符合%(k)s条件：%(r)s") % {"k": kind.name, "r": "；".join(result.reasons)})
    key = f"L{laborer.pk}" if laborer else f"E{enterprise.pk}"
    taken = _("同一对象同一期间已申请或领取过该项补贴。")
    if (
        SubsidyApplication.objects.filter(kind=kind, beneficiary_key=key, period=period)
        .exclude(status=ApplicationStatus.REJECTED)
        .exists()
    ):
        raise DomainError(taken, field="period")
    with refused_if_duplicate(taken, field="period"):
        app = SubsidyApplication.objects.create(
            kind=kind,
            laborer=laborer,
            enterprise=enterprise,
            beneficiary_key=key,
            region_code=target.region_code,
            period=period,
            months=result.months or 1,
            amount=result.amount,
            eligibility="；".join(result.reasons),
            proof=proof,
            applied_on=on or timezone.localdate(),
        )
    record(
        "employment.subsidyapplication.applied",
        by=by,
        target=app,
        changes={"amount": [None, str(app.amount)], "status": [None, app.status]},
        note=app.eligibility,
    )
    return app


SUBSIDY_TRANSITIONS = {
    "review": ({ApplicationStatus.APPLIED}, ApplicationStatus.REVIEWED, CHANGE),
    "approve": ({ApplicationStatus.REVIEWED}, ApplicationStatus.APPROVED, APPROVE),
    "pay": ({ApplicationStatus.APPROVED}, ApplicationStatus.PAID, APPROVE),
    "reject": ({ApplicationStatus.APPLIED, ApplicationStatus.REVIEWED}, ApplicationStatus.REJECTED, APPROVE),
}


SUBSIDY_EVENTS = {"review": "reviewed", "approve": "approved", "pay": "paid", "reject": "rejected"}


def _not_now(app) -> DomainError:
    return DomainError(_("当前状态（%(s)s）不能执行该操作。") % {"s": app.get_status_display()})


@transaction.atomic
def move_subsidy(app, action, *, by, version, on=None, payment_ref="", note="", allocation=None):
    """review → approve → pay (or reject): each by its permission, dated and audited; paying goes through
    the funds service (`pay_subsidy`)."""
    if action == "pay":
        return pay_subsidy(app, by=by, version=version, allocation=allocation, voucher=payment_ref, on=on)
    check_scope(by, SubsidyApplication.view_permission, app.region_code)
    if action not in SUBSIDY_TRANSITIONS:
        raise _not_now(app)
    allowed_from, to, permission = SUBSIDY_TRANSITIONS[action]
    check_scope(by, permission, app.region_code)
    if app.status not in allowed_from:
        raise _not_now(app)
    if action == "review" and app.kind.proof_required and not app.proof and not note:
        raise DomainError(_("请先补充材料：%(p)s") % {"p": app.kind.proof_required}, field="proof")
    on = on or timezone.localdate()
    extra = {}
    if action == "review":
        extra["reviewed_by"] = by
    elif action == "approve":
        extra["approved_on"] = on
    return update_versioned(
        app,
        by=by,
        version=version,
        fields=["status"],
        values={"status": to},
        extra=extra,
        where={"status": app.status},
        action=f"employment.subsidyapplication.{SUBSIDY_EVENTS[action]}",
        note=note,
    )


def _payee(app):
    """(payee kind, payee name, household) of the funds' payment: a person's household, or the enterprise."""
    if app.laborer_id:
        return PayeeKind.HOUSEHOLD, app.laborer.name, app.laborer.member.household
    return PayeeKind.PROJECT, app.enterprise.name, None


@transaction.atomic
def pay_subsidy(app, *, by, version, allocation, voucher, on=None) -> SubsidyApplication:
    """Pay an approved subsidy from a fund allocation of its budget line, through the funds service: the
    allocation's ceiling holds (nothing beyond the line), and the application is paid once (it keeps the
    funds' disbursement; a second payment finds it paid)."""
    check_scope(by, SubsidyApplication.view_permission, app.region_code)
    check_scope(by, APPROVE, app.region_code)
    if app.status != ApplicationStatus.APPROVED or app.disbursement_id:
        raise _not_now(app)
    if allocation is None:
        raise DomainError(_("请选择支付资金的下达（预算科目）。"), field="allocation")
    if not (voucher or "").strip():
        raise DomainError(_("请填写发放凭证号。"), field="payment_ref")
    on = on or timezone.localdate()
    if not SubsidyApplication.objects.filter(
        pk=app.pk, version=version, status=ApplicationStatus.APPROVED, disbursement__isnull=True
    ).update(version=F("version") + 1):
        raise ConflictError()
    payee_kind, payee_name, household = _payee(app)
    payment = fund_services.disburse(
        allocation,
        by=by,
        amount=app.amount,
        date=on,
        payee_kind=payee_kind,
        payee_name=payee_name,
        household=household,
        voucher=voucher,
        purpose=f"{app.kind.name} {app.period}",
        region_code=app.region_code,
        source=f"employment.subsidy:{app.pk}",
        confirm_warnings=True,  # the approved application's amount, not typed: warnings kept, not asked
    )
    SubsidyApplication.objects.filter(pk=app.pk).update(
        status=ApplicationStatus.PAID, paid_on=on, payment_ref=voucher.strip(), disbursement=payment
    )
    app.refresh_from_db()
    record(
        "employment.subsidyapplication.paid",
        by=by,
        target=app,
        changes={
            "status": [ApplicationStatus.APPROVED.value, app.status],
            "disbursement": [None, payment.pk],
        },
    )
    return app
