"""Orders: placed by a buyer (or its office), delivered by the supplier's side, received and paid by the
buyer, cancelled by either before receipt. An order never takes more of a listing than is left: each line is
one conditional UPDATE (`remaining = remaining - q WHERE remaining >= q`), which PostgreSQL serialises on
the row and SQLite under its single writer, so two buyers ordering at once cannot oversell."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import record
from fupin.consumption.choices import (
    CHANNEL_OF_BUYER,
    BuyerStatus,
    Channel,
    ListingStatus,
    OrderStatus,
    PaymentStatus,
)
from fupin.consumption.models import Listing, Order, OrderLine
from fupin.consumption.permissions import CHANGE, check_buyer, check_either_side
from fupin.consumption.services import tallies
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope


def _take(listing, quantity):
    """Take the quantity from what the listing has left, or refuse; one conditional UPDATE."""
    if quantity <= 0:
        raise DomainError(_("数量须大于零。"), field="quantity")
    taken = Listing.objects.filter(pk=listing.pk, status=ListingStatus.OPEN, remaining__gte=quantity).update(
        remaining=F("remaining") - quantity, version=F("version") + 1
    )
    if not taken:
        raise DomainError(
            _("“%(p)s”剩余数量不足，未能下单。") % {"p": listing.product}, field="quantity", code="sold_out"
        )


@transaction.atomic
def place_order(buyer, *, by, lines, base=None, placed_on=None, note="", source="") -> Order:
    """`lines` are (listing, quantity, price or None for the listing's price), all from one supplier."""
    check_buyer(by, buyer)
    if buyer.status != BuyerStatus.APPROVED:
        raise DomainError(_("采购方尚未通过审核。"))
    if not lines:
        raise DomainError(_("订单没有明细。"))
    supplier_ids = {listing.supplier_id for listing, _q, _p in lines}
    if len(supplier_ids) != 1:
        raise DomainError(_("一张订单只能向一个供应主体采购。"))
    supplier = lines[0][0].supplier
    channel = Channel.BASE if base is not None or supplier.base_id else CHANNEL_OF_BUYER.get(buyer.kind)
    order = Order.objects.create(
        buyer=buyer,
        supplier=supplier,
        base=base or supplier.base,
        channel=channel,
        region_code=supplier.region_code,
        placed_on=placed_on or timezone.localdate(),
        note=note,
        source=source,
    )
    total = Decimal(0)
    for listing, quantity, price in lines:
        _take(listing, quantity)
        price = Decimal(str(listing.price if price is None else price))
        amount = (price * quantity).quantize(Decimal("0.01"))
        OrderLine.objects.create(
            order=order,
            listing=listing,
            region_code=listing.region_code,
            quantity=quantity,
            price=price,
            amount=amount,
            unsold=bool(listing.unsold),
        )
        total += amount
    Order.objects.filter(pk=order.pk).update(amount=total)
    order.refresh_from_db()
    tallies.apply_order(order, +1)
    record(
        "consumption.order.placed",
        by=by,
        target=order,
        region_code=order.region_code,
        source=source,
        changes={"amount": [None, str(total)], "lines": [None, len(lines)], "buyer": [None, buyer.name]},
    )
    return order


def _move(order, *, by, version, to, allowed_from, action, **fields) -> Order:
    """The order moved on from a state that allows it, at the version the caller read, with `fields` (a date,
    a note); audited, the order's note the entry's note."""
    if order.status not in allowed_from:
        raise DomainError(_("订单当前状态为“%(s)s”，不能执行此操作。") % {"s": order.get_status_display()})
    return update_versioned(
        order,
        by=by,
        version=version,
        fields=["status"],
        values={"status": to},
        extra=fields,
        action=action,
        note=fields.get("note", ""),
    )


@transaction.atomic
def deliver_order(order, *, by, version, on=None) -> Order:
    """The supplier's side (its town or village, or the base) ships the order."""
    check_scope(by, CHANGE, order.region_code)
    return _move(
        order,
        by=by,
        version=version,
        to=OrderStatus.DELIVERED,
        allowed_from={OrderStatus.PLACED},
        action="consumption.order.delivered",
        delivered_on=on or timezone.localdate(),
    )


@transaction.atomic
def receive_order(order, *, by, version, on: datetime.date | None = None) -> Order:
    check_buyer(by, order.buyer)
    return _move(
        order,
        by=by,
        version=version,
        to=OrderStatus.RECEIVED,
        allowed_from={OrderStatus.PLACED, OrderStatus.DELIVERED},
        action="consumption.order.received",
        received_on=on or timezone.localdate(),
    )


@transaction.atomic
def pay_order(order, *, by, version) -> Order:
    check_buyer(by, order.buyer)
    if order.status == OrderStatus.CANCELLED or order.payment == PaymentStatus.PAID:
        raise DomainError(_("该订单不能登记付款。"))
    return update_versioned(
        order,
        by=by,
        version=version,
        fields=["payment"],
        values={"payment": PaymentStatus.PAID},
        action="consumption.order.paid",
    )


@transaction.atomic
def cancel_order(order, *, by, version, reason="") -> Order:
    """Either side cancels before receipt: the quantities go back to their listings, the figures back down."""
    check_either_side(by, order.buyer, order.region_code)
    if not (reason or "").strip():
        raise DomainError(_("请填写取消原因。"), field="reason")
    _move(
        order,
        by=by,
        version=version,
        to=OrderStatus.CANCELLED,
        allowed_from={OrderStatus.PLACED, OrderStatus.DELIVERED},
        action="consumption.order.cancelled",
        note=reason[:200],
    )
    for line in order.lines.all():
        Listing.objects.filter(pk=line.listing_id).update(
            remaining=F("remaining") + line.quantity, version=F("version") + 1
        )
    tallies.apply_order(order, -1)
    return order
