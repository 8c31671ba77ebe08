"""Permission codes and the check of who acts for a buyer organisation."""

from fupin.core.scope import check_scope

VIEW = "consumption.view_listing"
CHANGE = "consumption.change_listing"
RUN = "consumption.run_matching"
MANAGE = "consumption.manage_buyer"
BUY = "consumption.buy"


def check_buyer(by, buyer):
    """The buyer's own accounts act with `consumption.buy`; an office acts for a buyer of its regions with
    `consumption.manage_buyer` (OutOfScope or NotAllowed otherwise, the scope rule of fupin.core.scope)."""
    if by is not None and buyer.user_id is not None and buyer.user_id == by.pk:
        check_scope(by, BUY, buyer.region_code)
    else:
        check_scope(by, MANAGE, buyer.region_code)


def acts_as_buyer(by, buyer) -> bool:
    return by is not None and buyer.user_id is not None and buyer.user_id == by.pk
