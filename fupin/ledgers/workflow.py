"""The item workflow: 未整改 → 整改中 → 申请销号 → 已销号, or 退回 → 整改中."""

from fupin.core.regioncodes import significant_prefix
from fupin.ledgers.choices import ItemStatus as S

# action -> (from states, to state, permission, needs a level above the item)
TRANSITIONS = {
    "start": ({S.OPEN}, S.IN_PROGRESS, "ledgers.change_item", False),
    "request_close": ({S.OPEN, S.IN_PROGRESS}, S.CLOSE_REQUESTED, "ledgers.change_item", False),
    "close": ({S.CLOSE_REQUESTED}, S.CLOSED, "ledgers.close_item", True),
    "return": ({S.CLOSE_REQUESTED}, S.IN_PROGRESS, "ledgers.close_item", True),
}


def holds_level_above(user, permission, region_code):
    """True if one of the user's prefixes for `permission` strictly contains the item's region."""
    own = significant_prefix(region_code)
    return any(own.startswith(p) and p != own for p in user.prefixes_for(permission))


def acts_for_item(user, permission, item):
    """The unit rule for every write on an item: a department acts only on the items its unit leads or is
    co-responsible for; an office acts on every item of its regions (user.units_for says which)."""
    units = user.units_for(permission, item.region_code)
    return units is None or bool(units & item.units())


def can_transition(item, action, user):
    if action not in TRANSITIONS:
        return False
    sources, _target, permission, above = TRANSITIONS[action]
    if item.status not in sources:
        return False
    if above:
        return holds_level_above(user, permission, item.region_code) and acts_for_item(user, permission, item)
    return user.has_scoped_perm(permission, item.region_code) and acts_for_item(user, permission, item)


def allowed_actions(item, user):
    return [action for action in TRANSITIONS if can_transition(item, action, user)]
