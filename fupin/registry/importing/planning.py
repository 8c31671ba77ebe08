"""Validating parsed drafts against the registry and the user's scope, and deciding what to write.

Everything the checks need is loaded up front in a few queries (villages in scope, households by
户编号, members by resident ID, heads of those households); the checks themselves are plain Python.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from django.db import connection
from django.utils.translation import gettext as _

from fupin.core.regioncodes import in_prefix, subtree_q
from fupin.regions.models import Region, RegionLevel
from fupin.registry.choices import Relation
from fupin.registry.importing.parsing import M_INDEX, MEMBER_KEYS, problem
from fupin.registry.models import Household, Member

CHUNK = 5000
HH_FIELDS = [
    "region_id",
    "address",
    "category",
    "status",
    "main_cause",
    "other_cause_1",
    "other_cause_2",
    "year_identified",
    "year_exited",
    "income_per_capita",
    "housing_grade",
    "water_safe",
    "phone",
    "cadre_name",
    "cadre_unit",
    "cadre_phone",
]
HH_DEFAULTS = {
    "address": "",
    "category": "01",
    "status": "0",
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
MEM_FIELDS = [
    "name",
    "sex",
    "birth_date",
    "relation",
    "ethnicity",
    "education",
    "schooling",
    "health",
    "disability_kind",
    "disability_grade",
    "labor_ability",
    "work_status",
    "work_months",
    "work_employer",
    "medical_insurance",
    "pension_insurance",
    "phone",
]
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
# Position of each MEM_FIELDS entry in a parsed member's values list.
_MEM_SOURCE = [M_INDEX["member_phone" if f == "phone" else f] for f in MEM_FIELDS]
_HEAD = Relation.HEAD.value
_take = itemgetter(*_MEM_SOURCE)
_DEFAULTS = [MEM_DEFAULTS.get(f) for f in MEM_FIELDS]


@dataclass
class Plan:
    hh_create: list = field(default_factory=list)  # (number, values tuple in HH_FIELDS order, sheet, row)
    hh_update: list = field(default_factory=list)  # (id, number, values tuple, changes)
    hh_unchanged: int = 0
    mem_create: list = field(
        default_factory=list
    )  # (household number, id_number, values tuple in MEM_FIELDS)
    mem_update: list = field(default_factory=list)  # (id, id_number, values tuple, changes, region_code)
    mem_unchanged: int = 0
    moved_households: list = field(default_factory=list)  # (household id, new region code)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

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

    def resolve(self, place):
        """(code, None) or (None, message)."""
        code, town, village = place.get("region_code"), place.get("town"), place.get("village")
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
    plan = Plan(errors=parsed.errors, warnings=parsed.warnings)
    places = Places(prefixes)
    existing_hh = _existing_households(parsed.households)
    if on_step:
        on_step(_("正在核对户信息"))
    regions = _households(plan, parsed, places, existing_hh)
    if on_step:
        on_step(_("正在核对成员信息"))
    _members(plan, parsed, places, existing_hh, regions)
    plan.errors.sort(key=lambda e: (e["sheet"], e["row"]))
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
            cursor.execute(f"SELECT {columns} FROM {qn(table)}{extra} WHERE {where} IN ({marks})", chunk)
            for row in cursor.fetchall():
                if convert:
                    row = list(row)
                    for i, conv in convert:
                        if row[i] is not None:
                            row[i] = conv(row[i])
                yield tuple(row)


def _converter(model_field):
    kind = model_field.get_internal_type()
    if kind == "DateField":
        return lambda v: v if isinstance(v, datetime.date) else datetime.date.fromisoformat(str(v))
    if kind == "BooleanField":
        return bool
    if kind == "DecimalField":
        quantum = Decimal(1).scaleb(-model_field.decimal_places)
        return lambda v: (v if isinstance(v, Decimal) else Decimal(str(v))).quantize(quantum)
    return None


def _households(plan, parsed, places, existing_hh):
    """Resolve each household's village and compare with the registry; returns {number: region code}."""
    regions = {}
    names = parsed.headers
    for number, draft in parsed.households.items():
        header = names.get(draft.sheet, {})
        values = dict(draft.values)
        causes = values.pop("other_causes", None)
        if causes:
            parts = causes.split(",")
            if len(parts) > 2:
                plan.errors.append(
                    problem(
                        draft.sheet,
                        draft.row,
                        header.get("other_causes", ""),
                        causes,
                        _("其他致贫原因最多两项。"),
                    )
                )
            values["other_cause_1"] = parts[0]
            values["other_cause_2"] = parts[1] if len(parts) > 1 else ""
        old = existing_hh.get(number)
        code, message = (None, None)
        if draft.place:
            code, message = places.resolve(draft.place)
        elif old is None:
            message = _("请填写村区划代码，或乡镇和行政村名称。")
        if message:
            column = header.get("region_code") or header.get("village") or header.get("number")
            shown = draft.place.get("region_code") or draft.place.get("village") or ""
            plan.errors.append(problem(draft.sheet, draft.row, column, shown, message))
        if old is not None and not places.in_scope(old[3]):
            plan.errors.append(
                problem(
                    draft.sheet,
                    draft.row,
                    header.get("number", "户编号"),
                    number,
                    _("户编号 %(n)s 已登记在其他地区，不在您的管辖范围内。") % {"n": number},
                )
            )
            continue
        if code:
            values["region_id"] = code
        _household_rules(plan, draft, header, values, old)
        if old is None:
            row = tuple([values.get(f, HH_DEFAULTS.get(f)) for f in HH_FIELDS])
            plan.hh_create.append((number, row, draft.sheet, draft.row))
            regions[number] = values.get("region_id")
            continue
        before = dict(zip(HH_FIELDS, old[3:], strict=True))
        after = {**before, **values}
        regions[number] = after["region_id"]
        if after == before:
            plan.hh_unchanged += 1
            continue
        changed = {f: [before[f], after[f]] for f in HH_FIELDS if before[f] != after[f]}
        plan.hh_update.append((old[0], number, tuple(after[f] for f in HH_FIELDS), changed))
        if after["region_id"] != before["region_id"]:
            plan.moved_households.append((old[0], after["region_id"]))
    return regions


def _household_rules(plan, draft, header, values, old):
    def err(key, value, message):
        plan.errors.append(problem(draft.sheet, draft.row, header.get(key, key), value, message))

    merged = dict(zip(HH_FIELDS, old[3:], strict=True)) if old else {}
    merged.update(values)
    if old is None:
        if not values.get("main_cause"):
            err("main_cause", "", _("主要致贫原因必填。"))
        if not values.get("year_identified"):
            err("year_identified", "", _("识别年度必填。"))
    main = merged.get("main_cause")
    if main and main in (merged.get("other_cause_1"), merged.get("other_cause_2")):
        err("other_causes", main, _("其他致贫原因不能与主要致贫原因相同。"))
    exited, identified = merged.get("year_exited"), merged.get("year_identified")
    if exited and identified and exited < identified:
        err("year_exited", exited, _("脱贫年度不能早于识别年度。"))


def _members(plan, parsed, places, existing_hh, regions):
    members = parsed.members
    existing = _existing_members(m[0][1] for m in members)
    heads = _existing_heads(existing_hh)
    seen = {}
    bad_rows = parsed.bad_rows
    errors = plan.errors
    file_heads = {}
    for values, sheet, row, number in members:
        id_number = values[1]
        header = parsed.headers[sheet]
        first = seen.get(id_number)
        if first is not None:
            errors.append(
                problem(
                    sheet,
                    row,
                    header["id_number"],
                    id_number,
                    _("与%(s)s第%(r)d行是同一人（身份证号码重复）。")
                    % {"s": _sheet_label(first[0], sheet), "r": first[1]},
                    personal=True,
                )
            )
            continue
        seen[id_number] = (sheet, row)
        if bad_rows and (sheet, row) in bad_rows:
            continue
        old = existing.get(id_number)
        relation = values[M_INDEX["relation"]]
        if old is not None and old[3] != number:
            errors.append(
                problem(sheet, row, header["id_number"], id_number, _where(old, places), personal=True)
            )
            continue
        if relation is None and old is not None:
            relation = old[5 + MEM_FIELDS.index("relation")]
        if relation == _HEAD:
            file_heads.setdefault(number, []).append((sheet, row, id_number))
        region = regions.get(number)
        if old is None:
            missing = [key for key in ("name", "relation", "labor_ability") if values[M_INDEX[key]] is None]
            for key in missing:
                errors.append(
                    problem(
                        sheet,
                        row,
                        header.get(key, key),
                        "",
                        _("%(c)s必填。") % {"c": header.get(key, _label(key))},
                    )
                )
            if missing:
                continue
            row_values = _take(values)
            if None in row_values:
                row_values = tuple([d if v is None else v for v, d in zip(row_values, _DEFAULTS)])  # noqa: B905
            plan.mem_create.append((number, id_number, row_values))
            _member_rules(errors, sheet, row, header, row_values)
            continue
        before = old[5:]
        after = tuple(
            old_value if values[src] is None else values[src]
            for old_value, src in zip(before, _MEM_SOURCE, strict=True)
        )
        _member_rules(errors, sheet, row, header, after)
        if after == before and (region is None or region == old[4]):
            plan.mem_unchanged += 1
            continue
        changes = {f: [b, a] for f, b, a in zip(MEM_FIELDS, before, after, strict=True) if a != b}
        plan.mem_update.append((old[0], id_number, after, changes, region or old[4]))
    _head_rules(plan, parsed, file_heads, heads, existing_hh)


def _member_rules(errors, sheet, row, header, row_values):
    months = row_values[MEM_FIELDS.index("work_months")]
    if months is not None and not 0 <= months <= 12:
        errors.append(
            problem(sheet, row, header.get("work_months", ""), months, _("务工时间不能超过12个月。"))
        )


def _head_rules(plan, parsed, file_heads, heads, existing_hh):
    for number, draft in parsed.households.items():
        in_file = file_heads.get(number, [])
        old = existing_hh.get(number)
        others = []
        if old is not None and heads.get(old[0]):
            file_ids = {parsed.members[i][0][1] for i in draft.members}
            others = [h for h in heads[old[0]] if h not in file_ids]
        header = parsed.headers.get(draft.sheet, {})
        if len(in_file) + len(others) > 1:
            for sheet, row, _id_number in in_file[1:] if not others else in_file:
                plan.errors.append(
                    problem(
                        sheet,
                        row,
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


def _existing_members(id_numbers):
    """{id_number: (id, id_number, household id, household number, region code, *MEM_FIELDS)}."""
    found = {}
    names = ["id", "id_number", "household", "region_code", *MEM_FIELDS]
    for row in _select(Member, names, "id_number", id_numbers, join=(Household, "household", "number")):
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
    """Where a person is already registered; the household number is shown only inside the user's scope."""
    region = Region.objects.filter(code=old[4]).values_list("full_name", "name").first()
    place = (region[0] or region[1]) if region else old[4]
    if places.in_scope(old[4]):
        return _("该身份证号码已登记在%(p)s 户编号 %(n)s 中，不能重复登记。") % {"p": place, "n": old[3]}
    return _("该身份证号码已登记在其他地区（%(p)s），不能重复登记。") % {"p": place}


def _sheet_label(first_sheet, sheet):
    return "" if first_sheet == sheet else f"“{first_sheet}”"


def _label(key):
    from fupin.registry.importing.columns import BY_KEY

    return BY_KEY[key].header


__all__ = ["HH_FIELDS", "MEMBER_KEYS", "MEM_FIELDS", "Plan", "build_plan"]
