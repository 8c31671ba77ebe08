from django.utils.translation import gettext as _

from fupin.consumption.permissions import BUY, CHANGE, MANAGE, RUN, VIEW
from fupin.core.views import require_perm

TABS = "consumption/includes/_tabs.html"
MARKET_TABS = "consumption/includes/_market_tabs.html"

__all__ = ["BUY", "CHANGE", "MANAGE", "MARKET_TABS", "RUN", "TABS", "VIEW", "money", "require_perm", "yes_no"]


def yes_no(value):
    return _("是") if value else _("否")


def money(value):
    return f"{value:,.2f}"
