"""One value for a whole file: a column the file lacks (识别年度, say), supplied once by the user.

The preview page and `import_households --fill 识别年度=2016` (repeatable) give {column: text}; the text
is parsed by the column's own parser and set on every household of the file that has no value of its own.
The values used are written into the import's audit entry.
"""

from django.utils.translation import gettext as _

from fupin.core.importing_rows import RowError, normalize_header
from fupin.registry.importing.columns import BY_KEY, COLUMNS, HOUSEHOLD, SYNONYMS


def parse_fill_options(pairs) -> dict:
    """["识别年度=2016", ...] -> {"识别年度": "2016"}; ValueError on an item without "="."""
    fill = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(_("“%(p)s”应写成 列名=值。") % {"p": pair})
        fill[name.strip()] = value.strip()
    return fill


def required_for_new_households():
    """Household columns a new household cannot do without (户编号 is checked by the parser itself)."""
    return [c for c in COLUMNS if c.level == HOUSEHOLD and c.required and c.key != "number"]


def apply_fill(parsed, fill) -> tuple[dict, list]:
    """Set each filled column on the households lacking a value; ({header: value text}, errors)."""
    applied, errors = {}, []
    for name, raw in (fill or {}).items():
        key = SYNONYMS.get(normalize_header(name))
        column = BY_KEY.get(key)
        if column is None or column.level != HOUSEHOLD:
            errors.append(RowError(0, name, _("只能为户一级的列统一指定值（如识别年度）。")))
            continue
        try:
            value = column.parse(raw)
        except ValueError as exc:
            errors.append(RowError(0, column.header, exc))
            continue
        if value is None or value == "":
            continue
        for draft in parsed.households.values():
            if draft.values.get(key) in (None, ""):
                draft.values[key] = value
        parsed.present.add(key)
        applied[column.header] = raw
    return applied, errors


def missing_column_error(parsed, column):
    """The one error for a column the file lacks while it has new households: at the first header."""
    sheet = next(iter(parsed.header_rows), "")
    message = _(
        "文件缺少“%(c)s”列，新增的户必须填写。请补上该列，或在预览页为整个文件统一指定一个值"
        "（命令行：--fill %(c)s=值）。"
    ) % {"c": column.header}
    return RowError(parsed.header_rows.get(sheet, 0), column.header, message, sheet=sheet)
