"""What the employment pages share: permission codes, the tabs of the list pages, small column helpers."""

import functools

from django.urls import reverse
from django.utils.translation import gettext as _

from fupin.core.listing import list_page as scoped_list_page
from fupin.core.views import require_perm
from fupin.employment.models import VIEW
from fupin.employment.services.common import CHANGE, RUN

__all__ = ["CHANGE", "RUN", "VIEW", "list_page", "require", "url", "yes"]

TABS = "employment/includes/_tabs.html"
FORM = "employment/form.html"
list_page = functools.partial(scoped_list_page, tabs=TABS)


def require(user, permission=VIEW):
    require_perm(user, permission)


def url(name, *args):
    return lambda obj: reverse(name, args=[a(obj) if callable(a) else a for a in args])


def yes(value):
    return _("是") if value else ""
