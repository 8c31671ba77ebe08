"""The monthly entry's workflow (like a weekly report): draft → submitted → approved, or returned → draft."""

from fupin.cooperation.choices import EntryStatus as S

ENTER, APPROVE = "cooperation.enter_entry", "cooperation.approve_entry"

# action -> (from statuses, to, permission)
TRANSITIONS = {
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED, ENTER),
    "approve": ({S.SUBMITTED}, S.APPROVED, APPROVE),
    "return": ({S.SUBMITTED}, S.RETURNED, APPROVE),
}
EDITABLE = {S.DRAFT, S.RETURNED}


def can_transition(status, action) -> bool:
    move = TRANSITIONS.get(action)
    return move is not None and status in move[0]


def actions_from(status) -> list[str]:
    return [action for action, move in TRANSITIONS.items() if status in move[0]]
