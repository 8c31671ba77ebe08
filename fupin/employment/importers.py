"""Import of a survey round (摸查) from Excel: every row validated, then all or nothing (the page records the
round through services only when no row has an error)."""

from django.utils.translation import gettext as _

from fupin.core import importing_values as values
from fupin.core.crypto import blind_index
from fupin.core.importing_rows import Columns, ImportResult, RowError, records, validate_rows
from fupin.employment.choices import LaborerStatus, WorkArea
from fupin.employment.models import Laborer

COLUMNS = Columns(
    {
        "id_number": ("公民身份号码", "身份证号", "身份证号码"),
        "work_status": ("就业状态", "务工状态"),
        "work_area": ("务工区域",),
        "employer": ("务工单位", "就业单位"),
    },
    required=("id_number", "work_status"),
)
column = COLUMNS.name


def parse_survey(table, laborers) -> ImportResult:
    """Rows of laborers (found by resident ID among `laborers`) with their surveyed status."""
    header, rows = COLUMNS.find_header(table)
    if header is None:
        return COLUMNS.missing()
    found = [(n, _record(raw)) for n, raw in records(header, rows)]
    wanted = {record["id_number"] for _n, record in found} - {""}
    # Resident IDs are stored sealed: found through their blind index.
    matched = laborers.filter(member__id_index__in=[blind_index(w) for w in wanted]).select_related("member")
    by_id = {laborer.member.id_number: laborer for laborer in matched}
    codes = {"work_status": values.CodeList(LaborerStatus), "work_area": values.CodeList(WorkArea)}
    return validate_rows(found, lambda record: _parse_row(record, by_id, codes), check=_repeated)


def _record(raw) -> dict:
    return {
        "id_number": values.compact(raw.get("id_number")).upper(),
        "work_status": raw.get("work_status"),
        "work_area": raw.get("work_area"),
        "employer": values.plain(raw.get("employer"))[:128],
    }


def _parse_row(record, by_id, codes):
    """One row as a survey record for services.record_survey, and its problems [(column, message)]."""
    laborer = by_id.get(record["id_number"])
    if laborer is None:
        message = _("找不到该劳动力或不在您的管辖范围：%(v)s") % {"v": record["id_number"]}
        return None, [(column("id_number"), message)]
    row, errors = {"laborer": laborer, "employer": record["employer"]}, []
    for key in ("work_status", "work_area"):
        try:
            row[key] = codes[key](record[key]) or ""
        except ValueError as exc:
            errors.append((column(key), str(exc)))
    if not row.get("work_status", True):
        errors.append((column("work_status"), _("必填")))
    return row, errors


def _repeated(rows) -> list:
    """A laborer surveyed twice in the file: the later rows are errors."""
    seen, errors = set(), []
    for n, row in rows:
        if row["laborer"].pk in seen:
            errors.append(RowError(n, column("id_number"), _("重复出现")))
        seen.add(row["laborer"].pk)
    return errors


def laborers_for(user):
    return Laborer.objects.visible_to(user, "employment.change_laborer")
