"""The project workflow (申报 → 审批 → 实施 → 验收 → 运营): which action moves a project from which status
to which, the permission it needs and the date field it sets."""

from fupin.industry.choices import ProjectStatus as S

CHANGE, APPROVE = "industry.change_project", "industry.approve_project"

# action -> (from, to, permission, date field set on the move)
TRANSITIONS = {
    "approve": (S.DECLARED, S.APPROVED, APPROVE, "approved_on"),
    "start": (S.APPROVED, S.IMPLEMENTING, CHANGE, "started_on"),
    "accept": (S.IMPLEMENTING, S.ACCEPTED, APPROVE, "accepted_on"),
    "operate": (S.ACCEPTED, S.OPERATING, CHANGE, "operating_on"),
}
# A project may draw money once approved.
FUNDABLE = {S.APPROVED, S.IMPLEMENTING, S.ACCEPTED, S.OPERATING}


def can_transition(status, action) -> bool:
    move = TRANSITIONS.get(action)
    return move is not None and move[0] == status


def actions_from(status) -> list[str]:
    return [action for action, move in TRANSITIONS.items() if move[0] == status]
