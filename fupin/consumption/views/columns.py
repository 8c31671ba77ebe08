"""The columns of the consumption lists. Those that offices and buyers both have (listings, demands, orders)
are declared once: a buyer's list is the office's without what a buyer must not read or does not need (the
village's code of origin and the source of a 滞销 flag, its own name on its own orders) and links to the
buyer's pages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from fupin.consumption.views.common import yes_no
from fupin.core.listing import Col, region_column


def _link(name):
    return lambda o: reverse(name, args=[o.pk])


def listing_columns(*, for_buyer=False):
    if for_buyer:  # the origin town (decorated by the market view), 滞销 without saying who flagged it
        origin = Col(_("产地"), lambda o: getattr(o, "origin_town", ""), 14)
        unsold = Col(_("滞销"), lambda o: _("滞销") if o.unsold else "", 6, "unsold")
    else:
        origin = region_column()
        unsold = Col(_("滞销"), lambda o: o.get_unsold_display() if o.unsold else "", 8, "unsold")
    detail = "consumption:market_listing" if for_buyer else "consumption:listing_detail"
    cols = [
        Col(_("产品名称"), lambda o: o.product, 16, "product", _link(detail)),
        Col(_("产品类别"), lambda o: o.get_category_display(), 8, "category"),
        Col(_("供应主体"), lambda o: o.supplier.name, 20, "supplier__name"),
        origin,
        Col(_("单价(元)"), lambda o: o.price, 10, "price", num=True),
        Col(_("剩余数量"), lambda o: o.remaining, 10, "remaining", num=True),
        Col(_("计量单位"), lambda o: o.unit, 6),
        unsold,
    ]
    if not for_buyer:  # the market shows only open listings
        cols.append(Col(_("状态"), lambda o: o.get_status_display(), 6, "status"))
    return cols


def demand_columns(*, for_buyer=False):
    cols = [] if for_buyer else [Col(_("采购方"), lambda o: o.buyer.name, 20, "buyer__name")]
    cols += [
        Col(_("产品类别"), lambda o: o.get_category_display(), 8, "category"),
        Col(_("产品名称"), lambda o: o.product, 12),
        Col(_("需求数量"), lambda o: o.quantity, 10, "quantity", num=True),
        Col(_("最高单价(元)"), lambda o: o.price_max, 10, "price_max", num=True),
        Col(_("需要日期"), lambda o: o.needed_by, 12, "needed_by"),
        Col(_("优先协作地区(崇左)产品"), lambda o: yes_no(o.prefer_paired), 8),
        Col(_("状态"), lambda o: o.get_status_display(), 8, "status"),
    ]
    return cols


def order_columns(*, for_buyer=False):
    detail = "consumption:my_order" if for_buyer else "consumption:order_detail"
    cols = [Col(_("订单"), lambda o: f"#{o.pk}", 8, "id", _link(detail))]
    if not for_buyer:
        cols.append(Col(_("采购方"), lambda o: o.buyer.name, 20, "buyer__name"))
    cols += [
        Col(_("供应主体"), lambda o: o.supplier.name, 20, "supplier__name"),
        Col(_("销售方式"), lambda o: o.get_channel_display(), 10, "channel"),
        Col(_("下单日期"), lambda o: o.placed_on, 12, "placed_on"),
        Col(_("金额(元)"), lambda o: o.amount, 12, "amount", num=True),
        Col(_("状态"), lambda o: o.get_status_display(), 8, "status"),
        Col(_("付款"), lambda o: o.get_payment_display(), 8, "payment"),
    ]
    return cols


def supplier_columns():
    return [
        Col(_("公开名称"), lambda o: o.name, 24, "name"),
        Col(_("供应主体类型"), lambda o: o.get_kind_display(), 10, "kind"),
        region_column(),
        Col(_("联系人"), lambda o: o.public_contact, 20),
    ]


def buyer_columns():
    return [
        Col(_("单位名称"), lambda o: o.name, 24, "name"),
        Col(_("采购方类型"), lambda o: o.get_kind_display(), 12, "kind"),
        region_column(),
        Col(_("审核状态"), lambda o: o.get_status_display(), 8, "status", _link("consumption:buyer_review")),
        Col(_("认购任务(元)"), lambda o: o.share, 12, "share", num=True),
        Col(_("已采购(元)"), lambda o: o.purchased, 12, "purchased", num=True),
    ]


def base_columns():
    return [
        Col(_("基地名称"), lambda o: o.name, 24, "name"),
        region_column(),
        Col(_("运营主体"), lambda o: o.operator, 20),
        Col(_("合作配送/销售企业"), lambda o: o.partners, 24),
        Col(_("认定日期"), lambda o: o.established_on, 12, "established_on"),
    ]
