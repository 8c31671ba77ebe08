"""Suppliers, listings, photos and the 滞销 flag; bases."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import record
from fupin.consumption.choices import ListingStatus, SupplierKind, UnsoldSource
from fupin.consumption.models import Base, Listing, ListingPhoto, Supplier
from fupin.consumption.permissions import CHANGE
from fupin.core import attachments
from fupin.core.errors import DomainError
from fupin.core.regioncodes import significant_prefix, subtree_q
from fupin.core.scope import check_scope
from fupin.regions.models import Region

LISTING_FIELDS = [
    "product",
    "category",
    "price",
    "quantity",
    "remaining",
    "unit",
    "certificate_no",
    "certificate_valid_until",
    "harvest_from",
    "harvest_to",
    "unsold",
    "status",
]
BASE_FIELDS = ["name", "operator", "partners", "region_code", "established_on"]


def household_public_name(region_code) -> str:
    """A household supplier's public name: its village, never a person (buyers see it)."""
    village = Region.objects.filter(code=region_code).values_list("name", flat=True).first() or ""
    return _("%(v)s贫困户") % {"v": village}


@transaction.atomic
def register_supplier(
    *,
    by,
    kind,
    region_code,
    name="",
    household=None,
    enterprise=None,
    base=None,
    contact_name="",
    contact_phone="",
    households=(),
) -> Supplier:
    check_scope(by, CHANGE, region_code)
    linked = list(households)
    if kind == SupplierKind.HOUSEHOLD:
        if household is None:
            raise DomainError(_("请选择贫困户。"), field="household")
        linked.append(household)
        name, contact_name, contact_phone = household_public_name(region_code), "", ""
    elif kind in (SupplierKind.COOPERATIVE, SupplierKind.ENTERPRISE) and enterprise is not None:
        name = name or enterprise.name
    elif kind == SupplierKind.BASE and base is not None:
        name = name or base.name
    for h in linked:
        check_scope(by, CHANGE, h.region_code)
    if not name.strip():
        raise DomainError(_("请填写公开名称。"), field="name")
    supplier = Supplier.objects.create(
        kind=kind,
        region_code=region_code,
        name=name.strip(),
        household=household,
        enterprise=enterprise,
        base=base,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    supplier.households.set({h.pk for h in linked})
    record(
        "consumption.supplier.registered",
        by=by,
        target=supplier,
        changes={"kind": [None, kind], "name": [None, supplier.name], "households": [None, len(linked)]},
    )
    return supplier


def _check_listing_values(values):
    if values.get("price") is not None and values["price"] < 0:
        raise DomainError(_("单价不能为负数。"), field="price")
    start, end = values.get("harvest_from"), values.get("harvest_to")
    if start and end and end < start:
        raise DomainError(_("下市日期不能早于上市日期。"), field="harvest_to")


@transaction.atomic
def create_listing(
    supplier,
    *,
    by,
    product,
    category,
    price,
    quantity,
    unit="公斤",
    certificate_no="",
    certificate_valid_until=None,
    harvest_from=None,
    harvest_to=None,
    unsold=False,
) -> Listing:
    """A product on the market, its origin the supplier's region; quantity left starts at the whole."""
    check_scope(by, CHANGE, supplier.region_code)
    values = {
        "product": product,
        "category": category,
        "price": price,
        "quantity": quantity,
        "remaining": quantity,
        "unit": unit,
        "certificate_no": certificate_no,
        "certificate_valid_until": certificate_valid_until,
        "harvest_from": harvest_from,
        "harvest_to": harvest_to,
        "unsold": UnsoldSource.VILLAGE if unsold else UnsoldSource.NONE,
    }
    _check_listing_values(values)
    return create_recorded(
        Listing,
        by=by,
        fields=LISTING_FIELDS,
        values=values,
        action="consumption.listing.created",
        supplier=supplier,
        region_code=supplier.region_code,
    )


@transaction.atomic
def update_listing(listing, *, by, version, **values) -> Listing:
    """Price, quantity, dates, status; a new quantity moves what is left by the same difference and never
    below what is already sold."""
    check_scope(by, CHANGE, listing.region_code)
    _check_listing_values(values)
    values = {k: v for k, v in values.items() if k != "remaining"}
    extra = {}
    if "quantity" in values:
        delta = values["quantity"] - listing.quantity
        if listing.remaining + delta < 0:
            raise DomainError(_("供应数量不能少于已售出的数量。"), field="quantity")
        extra["remaining"] = F("remaining") + delta
    return update_versioned(
        listing,
        by=by,
        version=version,
        fields=LISTING_FIELDS,
        values=values,
        action="consumption.listing.updated",
        extra=extra,
    )


@transaction.atomic
def flag_unsold(listing, *, by, version, unsold=True) -> Listing:
    """The village says the product does not sell (滞销), or that it sells again."""
    flag = UnsoldSource.VILLAGE if unsold else UnsoldSource.NONE
    return update_listing(listing, by=by, version=version, unsold=flag)


@transaction.atomic
def flag_unsold_from_tracking(*, by, region_code) -> int:
    """Listings of suppliers whose linked households reported unsold produce in the latest week of the
    weekly tracking become 滞销 (source: tracking). Returns how many were flagged."""
    from fupin.reports.models import Assessment

    check_scope(by, CHANGE, region_code)
    prefix = significant_prefix(region_code) if len(region_code) == 12 else region_code
    latest = (
        Assessment.objects.filter(subtree_q([prefix]))
        .order_by("-period_id")
        .values_list("period_id", flat=True)
        .first()
    )
    if latest is None:
        return 0
    reporting = Assessment.objects.filter(
        subtree_q([prefix]), period_id=latest, unsold_produce_kg__gt=0
    ).values("household_id")
    suppliers = Supplier.objects.in_region(region_code).filter(households__in=reporting).values("pk")
    listings = Listing.objects.filter(supplier__in=suppliers, status=ListingStatus.OPEN, unsold="")
    ids = list(listings.values_list("pk", flat=True))
    Listing.objects.filter(pk__in=ids).update(unsold=UnsoldSource.TRACKING, version=F("version") + 1)
    record(
        "consumption.listing.flagged_unsold",
        by=by,
        region_code=region_code.ljust(12, "0"),
        note=_("据每周跟踪标记滞销 %(n)d 条") % {"n": len(ids)},
        changes={"listings": [None, ids[:200]]},
    )
    return len(ids)


@transaction.atomic
def add_photo(listing, *, by, upload) -> ListingPhoto:
    check_scope(by, CHANGE, listing.region_code)
    photo = ListingPhoto(listing=listing, region_code=listing.region_code)
    attachments.attach_upload(photo, upload)
    photo.save()
    record("consumption.listing.photo_added", by=by, target=listing, note=photo.original_name)
    return photo


@transaction.atomic
def create_base(
    *,
    by,
    region_code,
    name,
    operator,
    established_on,
    partners="",
    contact_name="",
    contact_phone="",
    households=(),
) -> Base:
    check_scope(by, CHANGE, region_code)
    for h in households:
        check_scope(by, CHANGE, h.region_code)
    base = create_recorded(
        Base,
        by=by,
        fields=BASE_FIELDS,
        values={
            "region_code": region_code,
            "name": name,
            "operator": operator,
            "partners": partners,
            "established_on": established_on,
        },
        action="consumption.base.created",
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    base.households.set([h.pk for h in households])
    return base


@transaction.atomic
def link_supplier_to_base(base, *, by, supplier) -> Supplier:
    check_scope(by, CHANGE, base.region_code)
    check_scope(by, CHANGE, supplier.region_code)
    Supplier.objects.filter(pk=supplier.pk).update(base=base, version=F("version") + 1)
    supplier.refresh_from_db()
    record("consumption.base.supplier_linked", by=by, target=base, changes={"supplier": [None, supplier.pk]})
    return supplier
