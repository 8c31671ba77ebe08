"""A district reports its assistance ledger (帮扶工作台账) to the city as a step (R1.2): the district office
submits it as of a date with its figures then; the city office accepts it or returns it with a reason; a
returned one is submitted again. Reads (`submissions_visible_to`, `figures_of`) and writes are here."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.audit.recorder import record
from fupin.core.errors import ConflictError, DomainError, NotAllowed
from fupin.core.regioncodes import code_range, full_code, subtree_q
from fupin.core.scope import check_scope
from fupin.ledgers.choices import ItemStatus, LedgerKind
from fupin.ledgers.models import LedgerItem, LedgerSubmission
from fupin.ledgers.models import LedgerSubmissionStatus as S

SUBMIT = "ledgers.create_item"
DECIDE = "ledgers.close_item"
DISTRICT_DIGITS = 6
CITY_DIGITS = 4

# action -> (states it leaves, state it reaches, permission, the actor's level: exactly the district, or
# the city or above)
TRANSITIONS = {
    "accept": ({S.SUBMITTED}, S.ACCEPTED, DECIDE),
    "return": ({S.SUBMITTED}, S.RETURNED, DECIDE),
    "resubmit": ({S.RETURNED}, S.SUBMITTED, SUBMIT),
}
ACTION_LABELS = {"accept": _("接收"), "return": _("退回"), "resubmit": _("重新报送")}
NEEDS_REASON = {"return"}
_PAST = {"accept": "accepted", "return": "returned", "resubmit": "resubmitted"}


def district_of(region_code) -> str:
    """The 12-digit code of the district (市(区)) a code is in."""
    return full_code(region_code[:DISTRICT_DIGITS])


def acts_as_district(user, region_code) -> bool:
    """The user holds the right to submit over this district at the district itself (not a town below it)."""
    prefix = region_code[:DISTRICT_DIGITS]
    return any(p == prefix for p in user.prefixes_for(SUBMIT))


def acts_as_city(user, region_code) -> bool:
    return any(region_code.startswith(p) and len(p) <= CITY_DIGITS for p in user.prefixes_for(DECIDE))


def can_transition(submission, action, user) -> bool:
    if action not in TRANSITIONS:
        return False
    sources, _target, permission = TRANSITIONS[action]
    if submission.status not in sources:
        return False
    if permission == SUBMIT:
        return acts_as_district(user, submission.region_code)
    return acts_as_city(user, submission.region_code)


def available_actions(submission, user) -> list[str]:
    return [a for a in TRANSITIONS if can_transition(submission, a, user)]


def figures_of(region_code, kind, as_of) -> dict:
    """The ledger's counts under the district on a date: items, open, closed, overdue (one grouped query)."""
    counts = LedgerItem.objects.filter(
        region_code__range=code_range(region_code[:DISTRICT_DIGITS]), kind=kind
    )
    row = counts.aggregate(
        items=Count("pk"),
        closed=Count("pk", filter=Q(status=ItemStatus.CLOSED)),
        overdue=Count("pk", filter=~Q(status=ItemStatus.CLOSED) & Q(deadline__lt=as_of)),
    )
    row["open"] = row["items"] - row["closed"]
    return row


def submissions_visible_to(user):
    return LedgerSubmission.objects.visible_to(user).select_related("submitted_by", "decided_by")


def submissions_waiting_for(user):
    """Submitted district reports the user accepts or returns (held at the city: `acts_as_city`)."""
    cities = [p for p in user.prefixes_for(DECIDE) if len(p) <= CITY_DIGITS]
    if not cities:
        return LedgerSubmission.objects.none()
    return (
        LedgerSubmission.objects.visible_to(user, DECIDE)
        .filter(status=S.SUBMITTED)
        .filter(subtree_q(cities))
        .order_by("submitted_at", "pk")
    )


@transaction.atomic
def submit_ledger(*, by, region_code, as_of, kind=LedgerKind.ASSISTANCE, note="") -> LedgerSubmission:
    """The district office reports its ledger to the city as of a date, with the figures of that moment."""
    district = district_of(region_code or "")
    if len(region_code or "") < DISTRICT_DIGITS or not region_code.isdigit():
        raise DomainError(_("请选择一个市(区)。"), field="region_code")
    check_scope(by, SUBMIT, district)
    if not acts_as_district(by, district):
        raise NotAllowed(_("台账由市(区)扶贫办向市报送。"))
    if kind not in LedgerKind.values:
        raise DomainError(_("台账类型无效。"), field="kind")
    if as_of > timezone.localdate():
        raise DomainError(_("报送截至日期不能晚于今天。"), field="as_of")
    if LedgerSubmission.objects.filter(region_code=district, kind=kind, as_of=as_of).exists():
        raise DomainError(_("该市(区)该日的台账已报送。"), field="as_of")
    submission = LedgerSubmission.objects.create(
        region_code=district,
        kind=kind,
        as_of=as_of,
        figures=figures_of(district, kind, as_of),
        note=(note or "").strip()[:500],
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    record(
        "ledgers.ledgersubmission.submitted",
        by=by,
        target=submission,
        region_code=district,
        changes={"status": [None, S.SUBMITTED], "figures": [None, submission.figures]},
        note=submission.note,
    )
    return submission


@transaction.atomic
def transition_submission(submission, *, by, action, reason="", version=None) -> LedgerSubmission:
    """Accept, return (with a reason) or resubmit a district's ledger report; locked, version-checked, audited."""
    check_scope(by, "ledgers.view_item", submission.region_code)
    submission = LedgerSubmission.objects.select_for_update().get(pk=submission.pk)
    if version is not None and int(version) != submission.version:
        raise ConflictError()
    if action not in TRANSITIONS:
        raise DomainError(_("不支持的操作。"))
    if submission.status not in TRANSITIONS[action][0]:
        raise DomainError(
            _("当前状态为“%(s)s”，不能%(a)s。")
            % {"s": submission.get_status_display(), "a": ACTION_LABELS[action]}
        )
    if not can_transition(submission, action, by):
        raise NotAllowed()
    reason = (reason or "").strip()[:500]
    if action in NEEDS_REASON and not reason:
        raise DomainError(_("请填写退回原因。"), field="reason")
    before = submission.status
    submission.status = TRANSITIONS[action][1]
    submission.version += 1
    now = timezone.now()
    if action == "resubmit":
        submission.figures = figures_of(submission.region_code, submission.kind, submission.as_of)
        submission.submitted_at, submission.submitted_by = now, by
        submission.decided_at = submission.decided_by = None
    else:
        submission.decided_at, submission.decided_by = now, by
        submission.return_reason = reason if action == "return" else submission.return_reason
    submission.save()
    record(
        f"ledgers.ledgersubmission.{_PAST[action]}",
        by=by,
        target=submission,
        region_code=submission.region_code,
        changes={"status": [before, submission.status]},
        note=reason,
    )
    return submission
