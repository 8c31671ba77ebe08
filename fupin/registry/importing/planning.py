"""Validating parsed drafts against the registry and the user's scope, and deciding what to write.

Everything the checks need is loaded up front in a few queries (villages in scope, households by
户编号, members by resident ID, heads of those households); the checks themselves are plain Python.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from fupin.core.crypto import EncryptedCharField, indexer
from fupin.core.regioncodes import in_prefix, subtree_q
from fupin.regions.models import Region, RegionLevel
from fupin.registry.choices import Relation
from fupin.registry.importing.filling import missing_column_error, required_for_new_households
from fupin.registry.importing.parsing import M_INDEX, M_NUMBER, M_ROW, M_SHEET, MEMBER_KEYS, problem
from fupin.registry.models import Household, Member
from fupin.registry.services import HOUSEHOLD_AUDIT_FIELDS, ID_ELSEWHERE, MEMBER_FIELDS

CHUNK = 5000
# The registry's own household fields (services.HOUSEHOLD_AUDIT_FIELDS), as the import writes them: the region
# by its key, the 户编号 as the row's identity rather than a value.
HH_FIELDS = ["region_id", *(name for name in HOUSEHOLD_AUDIT_FIELDS if name not in ("number", "region"))]
HH_DEFAULTS = {
    "address": "",
    "category": "01",
    "status": "0",
    "monitoring_mark": "",
    "other_cause_1": "",
    "other_cause_2": "",
    "year_exited": None,
    "income_per_capita": 0,
    "housing_grade": "A",
    "water_safe": True,
    "phone": "",
    "cadre_name": "",
    "cadre_unit": "",
    "cadre_phone": "",
}
MEM_FIELDS = [name for name in MEMBER_FIELDS if name != "id_number"]  # an ID is found, never changed
MEM_DEFAULTS = {
    "ethnicity": "01",
    "education": "",
    "schooling": "01",
    "health": "1",
    "disability_kind": "",
    "disability_grade": "",
    "work_status": "00",
    "work_months": 0,
    "work_employer": "",
    "medical_insurance": True,
    "pension_insurance": False,
    "phone": "",
}
# Position of each MEM_FIELDS entry in a parsed member's tuple.
MEM_SOURCE = [M_INDEX["member_phone" if f == "phone" else f] for f in MEM_FIELDS]
_HEAD = Relation.HEAD.value
_HH_DEFAULT_ROW = [HH_DEFAULTS.get(f) for f in HH_FIELDS]
_HH_POSITION = {f: i for i, f in enumerate(HH_FIELDS)}
_RELATION, _WORK_MONTHS, _LABOR = M_INDEX["relation"], M_INDEX["work_months"], M_INDEX["labor_ability"]
_REQUIRED = [(key, M_INDEX[key]) for key in ("name", "relation", "labor_ability")]
_MONTHS_FIELD = MEM_FIELDS.index("work_months")


@dataclass
class Plan:
    # (number, values tuple in HH_FIELDS order, sheet, row, indexes of its rows in `members`)
    hh_create: list = field(default_factory=list)
    hh_update: list = field(default_factory=list)  # (id, number, values tuple, changes)
    hh_unchanged: int = 0
    # parsed member tuples (parsing.M_* positions; MEM_SOURCE: where each of MEM_FIELDS is)
    mem_create: list = field(default_factory=list)
    mem_update: list = field(default_factory=list)  # (id, id_number, values tuple, changes, region_code)
    mem_unchanged: int = 0
    moved_households: list = field(default_factory=list)  # (household id, new region code)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    members: list = field(default_factory=list)  # every parsed member tuple of the file
    id_indexes: dict = field(default_factory=dict)  # {resident ID: its blind index}, for the commit
    missing_columns: list = field(default_factory=list)  # headers the file lacks and new households need

    def counts(self):
        return {
            "households": {
                "created": len(self.hh_create),
                "updated": len(self.hh_update),
                "unchanged": self.hh_unchanged,
            },
            "members": {
                "created": len(self.mem_create),
                "updated": len(self.mem_update),
                "unchanged": self.mem_unchanged,
            },
        }


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Places:
    """Villages the user may import into, by code and by (town, village) name."""

    def __init__(self, prefixes):
        self.prefixes = prefixes
        qs = Region.objects.filter(level=RegionLevel.VILLAGE)
        if prefixes is not None:
            qs = qs.filter(subtree_q(prefixes, "code"))
        self.codes = {}
        self.by_name = {}
        for code, name, town in qs.values_list("code", "name", "parent__name"):
            self.codes[code] = name
            self.by_name.setdefault(name, []).append((code, town or ""))

    def in_scope(self, code):
        return self.prefixes is None or in_prefix(code, self.prefixes)

    def resolve(self, code, town, village):
        """(code, None) or (None, message)."""
        if code:
            if code in self.codes:
                return code, None
            region = Region.objects.filter(code=code).first()
            if region is None or region.level != RegionLevel.VILLAGE:
                return None, _("区划代码 %(c)s 不是已登记的村。") % {"c": code}
            return None, _("%(v)s（%(c)s）不在您的管辖范围内。") % {"v": region.name, "c": code}
        if not village:
            return None, _("请填写村区划代码，或乡镇和行政村名称。")
        candidates = self.by_name.get(village, [])
        if town:
            candidates = [
                c for c in candidates if c[1] == town or c[1].startswith(town) or town.startswith(c[1])
            ]
        if len(candidates) == 1:
            return candidates[0][0], None
        if len(candidates) > 1:
            return None, _("您的管辖范围内有%(n)d个名为“%(v)s”的村（%(t)s），请填写乡镇或村区划代码。") % {
                "n": len(candidates),
                "v": village,
                "t": "、".join(c[1] for c in candidates),
            }
        elsewhere = Region.objects.filter(level=RegionLevel.VILLAGE, name=village).exists()
        if elsewhere:
            return None, _("“%(v)s”不在您的管辖范围内。") % {"v": village}
        return None, _("找不到名为“%(v)s”的村%(t)s。") % {"v": village, "t": f"（{town}）" if town else ""}


def build_plan(parsed, *, prefixes, on_step=None):
    """Check every draft; `prefixes` is the user's import scope (None: everything, for operators)."""
    plan = Plan(errors=parsed.errors, warnings=parsed.warnings, members=parsed.members)
    places = Places(prefixes)
    existing_hh = _existing_households(parsed.households)
    if on_step:
        on_step(_("正在核对户信息"))
    absent = [c for c in required_for_new_households() if c.key not in parsed.present]
    regions = _households(plan, parsed, places, existing_hh, {c.key for c in absent})
    if absent and plan.hh_create:  # one error per missing column, at the header, not one per household
        plan.errors.extend(missing_column_error(parsed, column) for column in absent)
        plan.missing_columns = [column.header for column in absent]
    if on_step:
        on_step(_("正在核对成员信息"))
    _members(plan, parsed, places, existing_hh, regions)
    plan.errors.sort(key=lambda e: (e.sheet, e.row))
    return plan


def _existing_households(drafts):
    found = {}
    for row in _select(Household, ["id", "number", "version", *HH_FIELDS], "number", drafts):
        found[row[1]] = row
    return found


def _select(model, names, key, values, join=None):
    """Rows of `names` (with Python values) where `key` is in `values`, in chunks, as tuples.

    Raw SQL: Django compiles a 5,000-item IN list slowly (most of the time of a large lookup); the
    converters below give the same Python types the ORM would.
    """
    qn = connection.ops.quote_name
    table = model._meta.db_table
    fields = [model._meta.get_field(n) for n in names]
    columns = ", ".join(f"{qn(table)}.{qn(f.column)}" for f in fields)
    extra = ""
    if join:  # (related model, fk name, related field name): one more column from the related table
        related, fk, name = join
        rtable = related._meta.db_table
        columns += f", {qn(rtable)}.{qn(related._meta.get_field(name).column)}"
        extra = (
            f" JOIN {qn(rtable)} ON {qn(rtable)}.{qn('id')} = "
            f"{qn(table)}.{qn(model._meta.get_field(fk).column)}"
        )
    converters = [_converter(f) for f in fields]
    convert = [(i, c) for i, c in enumerate(converters) if c is not None]
    where = f"{qn(table)}.{qn(model._meta.get_field(key).column)}"
    with connection.cursor() as cursor:
        for chunk in _chunks(values):
            marks = ", ".join(["%s"] * len(chunk))
            sql = f"SELECT {columns} FROM {qn(table)}{extra} WHERE {where} IN ({marks})"  # identifiers from model metadata, values bound  # nosec B608
            cursor.execute(sql, chunk)
            for row in cursor.fetchall():
                if convert:
                    row = list(row)
                    for i, conv in convert:
                        if row[i] is not None:
                            row[i] = conv(row[i])
                yield tuple(row)


def _converter(model_field):
    if isinstance(model_field, EncryptedCharField):
        return model_field.open
    kind = model_field.get_internal_type()
    if kind == "DateField":
        return lambda v: v if isinstance(v, datetime.date) else datetime.date.fromisoformat(str(v))
    if kind == "BooleanField":
        return bool
    if kind == "DecimalField":
        quantum = Decimal(1).scaleb(-model_field.decimal_places)
        return lambda v: (v if isinstance(v, Decimal) else Decimal(str(v))).quantize(quantum)
    return None


def _households(plan, parsed, places, existing_hh, absent=frozenset()):
    """Resolve each household's village and compare with the registry; returns {number: region code}."""
    regions = {}
    for number, draft in parsed.households.items():
        values = draft.values
        draft.values = None  # no longer needed: keeps the peak memory of a province file down
        place = (values.pop("region_code", None), values.pop("town", None), values.pop("village", None))
        if "other_causes" in values:
            _split_causes(plan, parsed, draft, values)
        old = existing_hh.get(number)
        code = place[0] if place[0] in places.codes else None
        if code is None and (place != (None, None, None) or old is None):
            code = _resolve(plan, parsed, places, draft, place)
        if old is not None and not places.in_scope(old[3]):
            message = _("户编号 %(n)s 已登记在其他地区，不在您的管辖范围内。") % {"n": number}
            _error(plan, parsed, draft, "number", number, message, default="户编号")
            continue
        if code:
            values["region_id"] = code
        _household_rules(plan, parsed, draft, values, old, absent)
        if old is None:
            row = list(_HH_DEFAULT_ROW)
            for key, value in values.items():
                row[_HH_POSITION[key]] = value
            plan.hh_create.append((number, tuple(row), draft.sheet, draft.row, draft.members))
            regions[number] = row[0]
        else:
            regions[number] = _compare_household(plan, number, values, old)
    return regions


def _error(plan, parsed, draft, key, value, message, default=None):
    column = parsed.headers.get(draft.sheet, {}).get(key, key if default is None else default)
    plan.errors.append(problem(draft.sheet, draft.row, column, value, message))


def _split_causes(plan, parsed, draft, values):
    causes = values.pop("other_causes")
    parts = causes.split(",")
    if len(parts) > 2:
        _error(plan, parsed, draft, "other_causes", causes, _("其他致贫原因最多两项。"), default="")
    values["other_cause_1"] = parts[0]
    values["other_cause_2"] = parts[1] if len(parts) > 1 else ""


def _resolve(plan, parsed, places, draft, place):
    """The village of a household given by names, or a code outside the scope; None with the error noted."""
    if place == (None, None, None):
        code, message = None, _("请填写村区划代码，或乡镇和行政村名称。")
    else:
        code, message = places.resolve(*place)
    if message:
        header = parsed.headers.get(draft.sheet, {})
        column = header.get("region_code") or header.get("village") or header.get("number")
        plan.errors.append(problem(draft.sheet, draft.row, column, place[0] or place[2] or "", message))
    return code


def _compare_household(plan, number, values, old):
    """An update (with its changes) or an unchanged count for a registered household; its village."""
    before = dict(zip(HH_FIELDS, old[3:], strict=True))
    after = {**before, **values}
    if after == before:
        plan.hh_unchanged += 1
        return after["region_id"]
    changed = {f: [before[f], after[f]] for f in HH_FIELDS if before[f] != after[f]}
    plan.hh_update.append((old[0], number, tuple(after[f] for f in HH_FIELDS), changed))
    if after["region_id"] != before["region_id"]:
        plan.moved_households.append((old[0], after["region_id"]))
    return after["region_id"]


def _household_rules(plan, parsed, draft, values, old, absent=frozenset()):
    merged = values
    if old is None:
        if not values.get("main_cause") and "main_cause" not in absent:
            _error(plan, parsed, draft, "main_cause", "", _("主要致贫原因必填。"))
        if not values.get("year_identified") and "year_identified" not in absent:
            _error(plan, parsed, draft, "year_identified", "", _("识别年度必填。"))
    else:
        merged = {**dict(zip(HH_FIELDS, old[3:], strict=True)), **values}
    main = merged.get("main_cause")
    if main and (main == merged.get("other_cause_1") or main == merged.get("other_cause_2")):
        _error(plan, parsed, draft, "other_causes", main, _("其他致贫原因不能与主要致贫原因相同。"))
    exited, identified = merged.get("year_exited"), merged.get("year_identified")
    if exited and identified and exited < identified:
        _error(plan, parsed, draft, "year_exited", exited, _("脱贫年度不能早于识别年度。"))


def _members(plan, parsed, places, existing_hh, regions):
    members = parsed.members
    existing = _existing_members((m[1] for m in members), plan.id_indexes)
    heads = _existing_heads(existing_hh)
    seen = {}
    bad_rows = parsed.bad_rows
    errors = plan.errors
    file_heads = {}
    create = plan.mem_create
    for member in members:
        id_number, sheet, row, number = member[1], member[M_SHEET], member[M_ROW], member[M_NUMBER]
        first = seen.get(id_number)
        if first is not None:
            errors.append(
                problem(
                    sheet,
                    row,
                    parsed.headers[sheet]["id_number"],
                    id_number,
                    _("与%(s)s第%(r)d行是同一人（身份证号码重复）。")
                    % {"s": _sheet_label(first[M_SHEET], sheet), "r": first[M_ROW]},
                    personal=True,
                )
            )
            continue
        seen[id_number] = member
        if bad_rows and (sheet, row) in bad_rows:
            continue
        old = existing.get(id_number)
        relation = member[_RELATION]
        if old is None:
            if relation == _HEAD:
                file_heads.setdefault(number, []).append(member)
            if None in (member[0], relation, member[_LABOR]):
                _missing(errors, parsed.headers[sheet], member)
                continue
            create.append(member)
            months = member[_WORK_MONTHS]
            if months is not None and not 0 <= months <= 12:
                _months_error(errors, parsed.headers[sheet], member)
            continue
        if old[3] != number:
            header = parsed.headers[sheet]
            errors.append(
                problem(sheet, row, header["id_number"], id_number, _where(old, places), personal=True)
            )
            continue
        if relation is None:
            relation = old[5 + MEM_FIELDS.index("relation")]
        if relation == _HEAD:
            file_heads.setdefault(number, []).append(member)
        _plan_update(plan, parsed, member, old, regions.get(number))
    _head_rules(plan, parsed, file_heads, heads, existing_hh)


def _plan_update(plan, parsed, member, old, region):
    before = old[5:]
    after = tuple(
        old_value if member[src] is None else member[src]
        for old_value, src in zip(before, MEM_SOURCE, strict=True)
    )
    months = after[_MONTHS_FIELD]
    if months is not None and not 0 <= months <= 12:
        _months_error(plan.errors, parsed.headers[member[M_SHEET]], member)
    if after == before and (region is None or region == old[4]):
        plan.mem_unchanged += 1
        return
    changes = {f: [b, a] for f, b, a in zip(MEM_FIELDS, before, after, strict=True) if a != b}
    plan.mem_update.append((old[0], member[1], after, changes, region or old[4]))


def _missing(errors, header, member):
    for key, position in _REQUIRED:
        if member[position] is None:
            errors.append(
                problem(
                    member[M_SHEET],
                    member[M_ROW],
                    header.get(key, key),
                    "",
                    _("%(c)s必填。") % {"c": header.get(key, _label(key))},
                )
            )


def _months_error(errors, header, member):
    errors.append(
        problem(
            member[M_SHEET],
            member[M_ROW],
            header.get("work_months", ""),
            member[_WORK_MONTHS],
            _("务工时间不能超过12个月。"),
        )
    )


def _head_rules(plan, parsed, file_heads, heads, existing_hh):
    for number, draft in parsed.households.items():
        in_file = file_heads.get(number, [])
        old = existing_hh.get(number)
        others = []
        if old is not None and heads.get(old[0]):
            file_ids = {parsed.members[i][1] for i in draft.members}
            others = [h for h in heads[old[0]] if h not in file_ids]
        header = parsed.headers.get(draft.sheet, {})
        if len(in_file) + len(others) > 1:
            for head in in_file[1:] if not others else in_file:
                plan.errors.append(
                    problem(
                        head[M_SHEET],
                        head[M_ROW],
                        header.get("relation", "与户主关系"),
                        "户主",
                        _("每户只能有一名户主（户编号 %(n)s 已有户主）。") % {"n": number},
                    )
                )
        elif not in_file and not others and draft.members and not draft.broken:
            plan.errors.append(
                problem(
                    draft.sheet,
                    draft.row,
                    header.get("relation", "与户主关系"),
                    "",
                    _("户编号 %(n)s 没有户主。") % {"n": number},
                )
            )


def _existing_members(id_numbers, id_indexes):
    """{id_number: (id, id_number, household id, household number, region code, *MEM_FIELDS)}; fills
    id_indexes with the blind index of every ID (the commit writes them instead of computing them again)."""
    found = {}
    names = ["id", "id_number", "household", "region_code", *MEM_FIELDS]
    index = indexer()
    for number in id_numbers:
        if number:
            id_indexes[number] = index(number)
    indexes = list(id_indexes.values())  # the column is sealed: look up by blind index
    for row in _select(Member, names, "id_index", indexes, join=(Household, "household", "number")):
        found[row[1]] = (*row[:3], row[-1], *row[3:-1])
    return found


def _existing_heads(existing_hh):
    heads = {}
    ids = [row[0] for row in existing_hh.values()]
    for household_id, id_number, relation in _select(
        Member, ["household", "id_number", "relation"], "household", ids
    ):
        if relation == _HEAD:
            heads.setdefault(household_id, []).append(id_number)
    return heads


def _where(old, places):
    """Where a person is already registered, inside the user's scope only."""
    if not places.in_scope(old[4]):
        return str(ID_ELSEWHERE)  # outside the scope the place is not named (no existence oracle)
    region = Region.objects.filter(code=old[4]).values_list("full_name", "name").first()
    place = (region[0] or region[1]) if region else old[4]
    return _("该身份证号码已登记在%(p)s 户编号 %(n)s 中，不能重复登记。") % {"p": place, "n": old[3]}


def _sheet_label(first_sheet, sheet):
    return "" if first_sheet == sheet else f"“{first_sheet}”"


def _label(key):
    from fupin.registry.importing.columns import BY_KEY

    return BY_KEY[key].header


__all__ = ["HH_FIELDS", "MEMBER_KEYS", "MEM_FIELDS", "Plan", "build_plan"]
