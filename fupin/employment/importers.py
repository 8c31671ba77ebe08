"""Import of a survey round (摸查) from Excel: validate every row, then all or nothing."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fupin.core.crypto import blind_index
from fupin.core.importing import read_upload_table
from fupin.core.text import join_list
from fupin.employment.choices import LaborerStatus, WorkArea
from fupin.employment.models import Laborer

COLUMNS = {
    "id_number": ("公民身份号码", "身份证号", "身份证号码"),
    "work_status": ("就业状态", "务工状态"),
    "work_area": ("务工区域",),
    "employer": ("务工单位", "就业单位"),
}
REQUIRED = ("id_number", "work_status")


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, column, message)


def _choice(value, choices):
    value = str(value or "").strip()
    for code, label in choices:
        if value in (code, str(label)):
            return code
    return None


def read_sheet(uploaded):
    """The first sheet's rows, from its first non-empty row."""
    rows = [cells for _n, cells in read_upload_table(uploaded)]
    while rows and not any(str(c).strip() for c in rows[0]):
        rows.pop(0)
    return rows


def parse_survey(table, laborers) -> Parsed:
    """Rows of laborers (found by resident ID among `laborers`) with their surveyed status."""
    result = Parsed()
    if not table:
        result.errors.append((1, "", _("文件为空。")))
        return result
    header = [str(h).strip() for h in table[0]]
    index = {
        key: next((header.index(s) for s in names if s in header), None) for key, names in COLUMNS.items()
    }
    missing = [COLUMNS[k][0] for k in REQUIRED if index[k] is None]
    if missing:
        result.errors.append((1, "", _("缺少列：%(c)s") % {"c": join_list(missing)}))
        return result
    wanted = [str(r[index["id_number"]]).strip().upper() for r in table[1:] if len(r) > index["id_number"]]
    by_id = {
        lab.member.id_number: lab
        for lab in laborers.filter(
            member__id_index__in=[blind_index(w) for w in wanted]
        )  # IDs are sealed.select_related("member")
    }
    seen = set()
    for n, row in enumerate(table[1:], start=2):

        def cell(key, row=row):
            i = index[key]
            return str(row[i]).strip() if i is not None and i < len(row) and row[i] is not None else ""

        id_number = cell("id_number").upper()
        laborer = by_id.get(id_number)
        if laborer is None:
            result.errors.append(
                (n, COLUMNS["id_number"][0], _("找不到该劳动力或不在您的管辖范围：%(v)s") % {"v": id_number})
            )
            continue
        if id_number in seen:
            result.errors.append((n, COLUMNS["id_number"][0], _("重复出现")))
            continue
        seen.add(id_number)
        status = _choice(cell("work_status"), LaborerStatus.choices)
        if status is None:
            result.errors.append(
                (n, COLUMNS["work_status"][0], _("无效的就业状态：%(v)s") % {"v": cell("work_status")})
            )
        area = _choice(cell("work_area"), WorkArea.choices) if cell("work_area") else ""
        if area is None:
            result.errors.append(
                (n, COLUMNS["work_area"][0], _("无效的务工区域：%(v)s") % {"v": cell("work_area")})
            )
        if status is not None and area is not None:
            result.rows.append(
                {
                    "laborer": laborer,
                    "work_status": status,
                    "work_area": area,
                    "employer": cell("employer")[:128],
                }
            )
    return result


def laborers_for(user):
    return Laborer.objects.visible_to(user, "employment.change_laborer")
