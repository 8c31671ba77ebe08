"""Import of sales kept elsewhere: a platform's or a base's sales list (by an office, each row naming its
buyer) and a unit's purchase ledger (by the buyer itself). Every row is validated, then all rows become
orders through `orders.place_order` in one transaction, or none do (fupin/core/importing_rows.py)."""

from django.utils.translation import gettext as _

from fupin.consumption.models import Buyer, Listing
from fupin.consumption.services import orders
from fupin.core import importing_values as values
from fupin.core.importing_rows import Columns, ImportResult, import_rows, records

COLUMNS = Columns(
    {
        "placed_on": ("日期", "销售日期", "采购日期", "下单日期"),
        "buyer": ("采购单位", "采购方", "购买单位"),
        "listing": ("供应编号", "产品编号"),
        "quantity": ("数量", "销售数量", "采购数量"),
        "price": ("单价", "单价(元)", "成交单价"),
    },
    required=("placed_on", "listing", "quantity"),
)
column = COLUMNS.name


def import_sales(table, *, by, file_name="", own_buyer=None) -> ImportResult:
    """The rows of a sales list (`table`, as `core.importing.read_upload_table` reads a file named `file_name`)
    as orders. `own_buyer` for a unit's own purchase ledger (no buyer column needed); else each row names a
    buyer the office may act for."""
    header, rows = COLUMNS.find_header(table)
    if header is None:
        return COLUMNS.missing()
    listings = Listing.objects.select_related("supplier")
    buyers = {b.name: b for b in Buyer.objects.visible_to(by, "consumption.manage_buyer")}
    source = f"import:{file_name}"[:64]

    def parse(raw):
        return _parse_row(raw, listings, buyers, own_buyer)

    def write(row):
        orders.place_order(
            row["buyer"],
            by=by,
            lines=[(row["listing"], row["quantity"], row["price"])],
            placed_on=row["placed_on"],
            source=source,
        )

    return import_rows(list(records(header, rows)), parse, write)


def _parse_row(raw, listings, buyers, own_buyer):
    row, errors = {}, []
    for key, parse in (("placed_on", values.date), ("quantity", values.integer), ("price", values.amount)):
        try:
            row[key] = parse(raw.get(key))
        except ValueError as exc:
            errors.append((column(key), str(exc)))
    for key in ("placed_on", "quantity"):
        if key in row and not row[key]:
            errors.append((column(key), _("必填")))
    try:
        number = values.integer(raw.get("listing"))
    except ValueError:
        number = None
    row["listing"] = listings.filter(pk=number).first() if number else None
    if row["listing"] is None:
        errors.append((column("listing"), _("找不到该供应编号：%(v)s") % {"v": raw.get("listing")}))
    row["buyer"] = own_buyer or buyers.get(values.plain(raw.get("buyer")))
    if row["buyer"] is None:
        errors.append(
            (column("buyer"), _("找不到该采购单位或不在您的管辖范围：%(v)s") % {"v": raw.get("buyer")})
        )
    return row, errors
