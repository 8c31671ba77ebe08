"""The one scope rule every service and page follows (reads go through `Model.objects.visible_to(user)`).

A record outside the user's regions does not exist for them: OutOfScope, shown as 404 on pages and in the
API alike. A record inside their regions that they may not act on is refused: NotAllowed, shown as 403.
"The user's regions" are those of all their role assignments, and with `covering` also the regions above
them (the city's plan and funds are visible to a town, see `ScopedQuerySet.covering`).
"""

from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.core.regioncodes import ancestors, in_prefix, significant_prefix


def in_reach(user, region_code, *, covering=False) -> bool:
    """Whether the region lies in one of the user's regions (or above one of them, with `covering`)."""
    if user is None or not user.is_authenticated:
        return False
    reach = user.reach
    if in_prefix(region_code, reach):
        return True
    return covering and any(region_code in ancestors(prefix) for prefix in reach)


def check_scope(by, permission, region_code, *, covering=False):
    """OutOfScope when the region is outside the user's regions, NotAllowed when the user lacks the
    permission there. The one check a service makes before touching a record."""
    if not in_reach(by, region_code, covering=covering):
        raise OutOfScope()
    if not by.has_scoped_perm(permission, region_code):
        raise NotAllowed()


def check_anywhere(by, permission):
    """NotAllowed unless the user holds the permission in some region: for actions that create a record
    whose region is not known yet (an import, a new item, a batch over the user's own scope)."""
    if by is None or not by.is_authenticated or not by.has_scoped_perm(permission):
        raise NotAllowed()


def chosen_prefix(scope_region, message) -> str:
    """The significant prefix of the region a user chose to work over (a Region, a 12-digit code or already a
    prefix), e.g. a matching's scope; anything else is a DomainError with `message` on the `region_code`
    field. The caller then checks the prefix with `check_scope`."""
    code = str(getattr(scope_region, "code", scope_region)).strip()
    if not code.isdigit() or len(code) > 12:
        raise DomainError(message, field="region_code")
    return significant_prefix(code) if len(code) == 12 else code
