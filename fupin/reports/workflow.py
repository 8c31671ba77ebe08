"""The approval chain of a village's weekly report: village submits, town approves, district approves.

TRANSITIONS maps (action, current status) to (new status, permission, widest level digits): the actor
must hold the permission over the village at a region whose prefix is at most that many digits long,
so a town (9 digits) can approve a submitted week but only a district (6) or above can give the final
approval or unlock an approved one.
"""

from django.utils.translation import gettext_lazy as _

from fupin.core.errors import DomainError, NotAllowed
from fupin.reports.choices import ReportStatus as S

TRANSITIONS = {
    ("submit", S.DRAFT): (S.SUBMITTED, "reports.submit_report", 12),
    ("submit", S.RETURNED): (S.SUBMITTED, "reports.submit_report", 12),
    ("return", S.SUBMITTED): (S.RETURNED, "reports.approve_report", 9),
    ("return", S.TOWN_APPROVED): (S.RETURNED, "reports.approve_report", 6),
    ("approve", S.SUBMITTED): (S.TOWN_APPROVED, "reports.approve_report", 9),
    ("approve", S.TOWN_APPROVED): (S.APPROVED, "reports.approve_report", 6),
    ("unlock", S.APPROVED): (S.RETURNED, "reports.unlock_report", 6),
}
ACTIONS = ["submit", "return", "approve", "unlock"]
ACTION_LABELS = {"submit": _("上报"), "return": _("退回"), "approve": _("审核通过"), "unlock": _("解锁")}
NEEDS_REASON = {"return", "unlock"}


def holds_at_level(user, permission, region_code, max_digits) -> bool:
    return any(region_code.startswith(p) and len(p) <= max_digits for p in user.prefixes_for(permission))


def can_transition(report, action, user) -> bool:
    rule = TRANSITIONS.get((action, report.status))
    return bool(rule) and holds_at_level(user, rule[1], report.region_code, rule[2])


def target_status(report, action, user) -> str:
    """The status the action leads to, or a DomainError/NotAllowed saying why it is refused."""
    rule = TRANSITIONS.get((action, report.status))
    if rule is None:
        raise DomainError(
            _("当前状态“%(status)s”不能执行“%(action)s”。")
            % {"status": report.get_status_display(), "action": ACTION_LABELS.get(action, action)},
            code="invalid_transition",
        )
    status, permission, max_digits = rule
    if not holds_at_level(user, permission, report.region_code, max_digits):
        raise NotAllowed()
    return status


def available_actions(report, user) -> list[str]:
    return [a for a in ACTIONS if can_transition(report, a, user)]
