"""Reads about accounts: which users a manager may see."""

from fupin.accounts.models import RoleAssignment, User
from fupin.core.regioncodes import subtree_q

MANAGE_USERS = "accounts.manage_users"


def users_visible_to(user):
    """Users holding at least one role assignment inside the manager's accounts.manage_users scope."""
    if user is None or not user.is_authenticated:
        return User.objects.none()
    prefixes = user.prefixes_for(MANAGE_USERS)
    holders = RoleAssignment.objects.filter(subtree_q(prefixes, "region__code")).values("user_id")
    return User.objects.filter(pk__in=holders)


def regions_manageable_by(user):
    """Region prefixes where the user may create users and assign roles."""
    return user.prefixes_for(MANAGE_USERS)
