"""Permission codes and the checks of who acts for a buyer organisation or for a supplier's side."""

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


def check_either_side(by, buyer, region_code) -> bool:
    """Who acts on a record between a buyer and a supplier (an order, a proposal): the buyer's own account
    for the buyer (`check_buyer`), anyone else for the supplier's side, with `consumption.change_listing` in
    the record's region. True when the caller acts for the buyer."""
    if acts_as_buyer(by, buyer):
        check_buyer(by, buyer)
        return True
    check_scope(by, CHANGE, region_code)
    return False
