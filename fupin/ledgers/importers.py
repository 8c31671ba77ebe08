"""Import an existing problem list (问题清单) from Excel: every row validated, then all or nothing."""

from django.utils.translation import gettext as _

from fupin.core import importing_values as values
from fupin.core.importing import read_upload_table
from fupin.core.importing_rows import Columns, import_rows, records
from fupin.ledgers import services
from fupin.ledgers.choices import Category, LedgerKind, Priority, RectificationType, Source
from fupin.registry.models import Household

# field -> header synonyms as offices write them (compared half-width: 市（区） is 市(区)); the first names the
# column in messages
COLUMNS = Columns(
    {
        "region_code": ("区划代码", "涉及区域代码", "村代码"),
        "household": ("户编号", "涉及户"),
        "source": ("问题来源", "来源"),
        "category": ("问题类别", "类别"),
        "description": ("问题描述", "存在问题"),
        "target": ("整改目标",),
        "measures": ("整改措施",),
        "lead_unit": ("牵头单位",),
        "responsible_units": ("责任单位",),
        "district_person": ("市(区)责任人", "区责任人"),
        "district_phone": ("市(区)责任人电话", "区责任人电话"),
        "town_person": ("镇(街)责任人", "镇责任人"),
        "town_phone": ("镇(街)责任人电话", "镇责任人电话"),
        "village_person": ("村(居)责任人", "村责任人", "责任人"),
        "village_phone": ("村(居)责任人电话", "村责任人电话", "联系电话"),
        "priority": ("轻重缓急",),
        "deadline": ("整改时限", "完成时限"),
        "rectification_type": ("整改类型",),
        "note": ("备注",),
    },
    required=("region_code", "description", "deadline"),
)
column = COLUMNS.name

CHOICES = {
    "source": Source,
    "category": Category,
    "priority": Priority,
    "rectification_type": RectificationType,
}


def _code_lists():
    """A code list per choice column, accepting codes and labels in the user's language."""
    return {name: values.CodeList(choices) for name, choices in CHOICES.items()}


def _parse_row(values_by_field, user, codes):
    """One row as keyword arguments of services.create_item, and its problems [(column, message)]."""
    row, errors = {"kind": LedgerKind.PROBLEM}, []
    for name, value in values_by_field.items():
        try:
            if name == "deadline":
                row[name] = values.date(value)
            elif name in codes:
                parsed = codes[name](value)
                if parsed:
                    row[name] = parsed
            elif name == "household":
                number = values.compact(value)
                if number:
                    row[name] = Household.objects.visible_to(user).filter(number=number).first()
                    if row[name] is None:
                        raise ValueError(_("户编号不存在或不在您的范围内"))
            elif name == "region_code":
                row[name] = values.compact(value)
            else:
                row[name] = values.plain(value)
        except ValueError as exc:
            errors.append((column(name), str(exc)))
    for name in COLUMNS.required:
        if not row.get(name):
            errors.append((column(name), _("必填")))
    code = row.get("region_code", "")
    if code and (len(code) != 12 or not code.isdigit()):
        errors.append((column("region_code"), _("区划代码应为12位数字")))
    elif code and not user.has_scoped_perm("ledgers.create_item", code):
        errors.append((column("region_code"), _("不在您的管辖范围内")))
    return row, errors


def import_problem_list(uploaded, *, by):
    """All or nothing (fupin.core.importing_rows): if any row has an error nothing is written and the
    result lists every error; otherwise every row is created through services.create_item."""
    header, rows = COLUMNS.find_header(read_upload_table(uploaded))
    if header is None:
        return COLUMNS.missing()
    codes = _code_lists()
    return import_rows(
        records(header, rows),
        lambda record: _parse_row(record, by, codes),
        lambda row: services.create_item(by=by, source_note="import", **row),
    )
