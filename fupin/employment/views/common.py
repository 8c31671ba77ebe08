"""What the employment pages share: permission codes, the tabs of the list pages, the form template, small
column helpers."""

import functools

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import form_page as core_form_page
from fupin.core.listing import Col
from fupin.core.listing import list_page as scoped_list_page
from fupin.core.page_links import url_of as url
from fupin.core.views import get_object_for_user
from fupin.employment.models import VIEW
from fupin.employment.services.common import CHANGE, RUN

__all__ = [
    "CHANGE",
    "REGION_CODE",
    "RUN",
    "VIEW",
    "enterprise_column",
    "form_page",
    "list_page",
    "url",
    "visible_or_none",
    "yes",
]

TABS = "employment/includes/_tabs.html"
list_page = functools.partial(scoped_list_page, tabs=TABS)
form_page = functools.partial(core_form_page, tabs=TABS)


# The header of a list's raw region code column (`field_columns` would show the region's name instead).
REGION_CODE = {"region_code": gettext_lazy("区划代码")}


def enterprise_column():
    """The enterprise of a vacancy or an officer, linked to its page."""
    return Col(
        _("企业"),
        lambda o: o.enterprise.name,
        24,
        "enterprise__name",
        url("employment:enterprise_detail", lambda o: o.enterprise_id),
    )


def visible_or_none(model, user, pk):
    """The record numbered `pk` if the user may see it (else 404), or None when no number is given."""
    return get_object_for_user(model, user, pk=pk) if pk else None


def yes(value):
    return _("是") if value else ""
