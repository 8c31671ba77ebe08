"""Ledger exports in the 台账 form: a row generator per kind over an already scoped and filtered queryset."""

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record, user_scope
from fupin.core.display import region_name
from fupin.core.exporting import export_response
from fupin.core.masking import FULL_ID, mask_id_number, mask_phone
from fupin.ledgers import payments
from fupin.ledgers.choices import (
    Category,
    ItemStatus,
    LedgerKind,
    Priority,
    RectificationType,
    Source,
    SupervisionGroup,
)
from fupin.registry import queries as registry_queries

CHUNK = 2000
FULL_ID_EXPORT = "ledgers.ledgeritem.full_ids_exported"


def _contact_columns():
    """The district, town and village contact, each with their phone (`Personal.contacts`)."""
    return [
        (_("市(区)责任人"), 10),
        (_("电话"), 14),
        (_("镇(街)责任人"), 10),
        (_("电话"), 14),
        (_("村(居)责任人"), 10),
        (_("电话"), 14),
    ]


def columns(kind=None):
    cols = [(_("序号"), 6), (_("台账类型"), 14), (_("地区"), 14), (_("户编号"), 14)]
    cols += [(_("户主"), 10), (_("户主身份证号"), 20)]
    if kind != LedgerKind.PROGRESS:
        cols += [(_("问题来源"), 14), (_("问题类别"), 10)]
    cols += [
        (_("问题描述"), 40),
        (_("整改目标"), 24),
        (_("整改措施"), 30),
        (_("牵头单位"), 16),
        (_("责任单位"), 24),
        *_contact_columns(),
        (_("轻重缓急"), 8),
        (_("整改时限"), 12),
        (_("整改类型"), 10),
        (_("整改情况/进展"), 40),
        (_("整改状态"), 10),
        (_("逾期"), 6),
        (_("销号日期"), 12),
        (_("备注"), 20),
    ]
    return cols


class Personal:
    """The household head and the phones of an export row: in full where the user holds the full-ID right
    (registry.view_full_id) over the item's region, masked elsewhere; heads looked up once per chunk."""

    def __init__(self, user):
        self.user, self.full_regions = user, {}
        self.shown = {"id_number": 0, "phone": 0}

    def full(self, region_code) -> bool:
        if region_code not in self.full_regions:
            self.full_regions[region_code] = bool(self.user) and self.user.has_scoped_perm(
                FULL_ID, region_code
            )
        return self.full_regions[region_code]

    def heads(self, items) -> dict:
        ids = {i.household_id for i in items if i.household_id}
        if not ids or self.user is None:
            return {}
        households = registry_queries.households_visible_to(self.user, "ledgers.view_item").filter(pk__in=ids)
        found = registry_queries.with_head_and_size(households).values_list(
            "pk", "head_name", "head_id_number"
        )
        return {pk: (name or "", id_number or "") for pk, name, id_number in found}

    def head(self, item, heads) -> list:
        name, id_number = heads.get(item.household_id, ("", ""))
        if not id_number or not self.full(item.region_code):
            return [name, mask_id_number(id_number)]
        self.shown["id_number"] += 1
        return [name, id_number]

    def phone(self, item, value) -> str:
        if not value or not self.full(item.region_code):
            return mask_phone(value)
        self.shown["phone"] += 1
        return value

    def contacts(self, record) -> list:
        """The district, town and village contact of an item or a target, each with their phone."""
        return [
            record.district_person,
            self.phone(record, record.district_phone),
            record.town_person,
            self.phone(record, record.town_phone),
            record.village_person,
            self.phone(record, record.village_phone),
        ]


def _chunks(iterable, size):
    chunk = []
    for element in iterable:
        chunk.append(element)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rows(qs, today, kind=None, *, personal):
    """One list per item; the last progress entry goes into 整改情况/进展. Batched to stay in bounded memory.
    IDs and phones are in full only where the user holds the full-ID right (`personal`), masked elsewhere."""
    qs = qs.select_related("household").prefetch_related("progress")
    labels = {**dict(Source.choices), **dict(Category.choices)}
    places = {}  # region names, looked up once per region of the export
    n = 0
    for chunk in _chunks(qs.iterator(chunk_size=CHUNK), CHUNK):
        heads = personal.heads(chunk)
        for item in chunk:
            n += 1
            if item.region_code not in places:
                places[item.region_code] = region_name(item.region_code)
            yield _row(n, item, today, kind, labels, places[item.region_code], personal, heads)


def _row(n, item, today, kind, labels, place, personal, heads):
    progress = list(item.progress.all())
    row = [
        n,
        LedgerKind(item.kind).label,
        place,
        item.household.number if item.household else "",
        *personal.head(item, heads),
    ]
    if kind != LedgerKind.PROGRESS:
        row += [str(labels.get(item.source, item.source)), str(labels.get(item.category, item.category))]
    return [
        *row,
        item.description,
        item.target,
        item.measures,
        item.lead_unit,
        item.responsible_units,
        *personal.contacts(item),
        str(Priority(item.priority).label),
        item.deadline,
        str(RectificationType(item.rectification_type).label),
        f"{progress[-1].date} {progress[-1].text}" if progress else "",
        str(ItemStatus(item.status).label),
        item.is_overdue(today),
        item.closed_on,
        item.note,
    ]


def export_items(request, qs, *, today, kind=None, fmt="xlsx", region_code=""):
    """The export, audited as every export; one more entry when it carries full IDs or phones (how many),
    in the scope of the full-ID right, so the trail shows who sent full IDs onwards."""
    title = LedgerKind(kind).label if kind else _("台账")
    personal = Personal(request.user)
    response = export_response(
        request,
        title=str(title),
        columns=columns(kind),
        rows=rows(qs, today, kind, personal=personal),
        filename="ledger",
        fmt=fmt,
        audit_action="ledgers.ledgeritem.exported",
        region_code=region_code,
        filters=request.GET,
    )
    if personal.shown["id_number"] or personal.shown["phone"]:
        scope_region, prefixes = user_scope(request.user, FULL_ID, audit_action=FULL_ID_EXPORT)
        record(
            FULL_ID_EXPORT,
            by=request.user,
            region_code=scope_region,
            note=str(title),
            changes={
                "full_ids": [None, personal.shown["id_number"]],
                "full_phones": [None, personal.shown["phone"]],
                "scope": [None, prefixes],
            },
        )
    return response


# ---- The supervision list (挂牌督战台账: the 950 people, 347 water and 100 housing households) ----------


def target_columns():
    return [
        (_("序号"), 6),
        (_("督战类别"), 12),
        (_("对象类型"), 8),
        (_("县(市、区)"), 12),
        (_("镇(街)"), 12),
        (_("村(居)"), 14),
        (_("户编号"), 18),
        (_("户主"), 10),
        (_("户主身份证号"), 20),
        (_("督战对象"), 10),
        (_("督战人数"), 8),
        (_("市级挂钩工作组"), 18),
        *_contact_columns(),
        (_("帮扶措施（一户一策）"), 40),
        (_("计划资金(元)"), 12),
        (_("已支付资金(元)"), 12),
        (_("开始日期"), 12),
        (_("计划完成日期"), 12),
        (_("督战时限"), 12),
        (_("最近走访"), 30),
        (_("完成情况"), 12),
        (_("完成日期"), 12),
        (_("逾期"), 6),
    ]


def target_rows(qs, today, *, personal):
    """One row per target in the 台账 form, with the money the funds paid to its household."""
    qs = qs.select_related("household", "member").prefetch_related("checkins")
    areas = registry_queries.county_and_town_names()
    n = 0
    for chunk in _chunks(qs.iterator(chunk_size=CHUNK), CHUNK):
        heads = personal.heads(chunk)
        paid = {}
        for group in SupervisionGroup:
            ids = {t.household_id for t in chunk if t.group == group and t.household_id}
            paid[group.value] = payments.paid_for_group(group, ids) if ids else {}
        for target in chunk:
            n += 1
            yield _target_row(n, target, today, areas, personal, heads, paid[target.group])


def _target_row(n, target, today, areas, personal, heads, paid):
    code = target.region_code
    checkins = list(target.checkins.all())
    return [
        n,
        target.get_group_display(),
        target.get_kind_display(),
        areas.get(code[:6], code[:6]),
        areas.get(code[:9], code[:9]),
        region_name(code),
        target.household.number if target.household else "",
        *personal.head(target, heads),
        target.member.name if target.member else "",
        target.people,
        target.city_work_group,
        *personal.contacts(target),
        target.plan_measures,
        float(target.plan_money),
        float(paid.get(target.household_id, 0)),
        target.plan_start,
        target.plan_end,
        target.deadline,
        f"{checkins[-1].month:%Y-%m} {checkins[-1].text}" if checkins else "",
        str(target.done_status.label),
        target.done_on,
        not target.done and target.deadline < today,
    ]


def export_targets(request, qs, *, fmt="xlsx"):
    """The supervision list in the 台账 form, audited as every export (IDs and phones masked outside the
    user's full-ID right, as in the item export)."""
    personal = Personal(request.user)
    return export_response(
        request,
        title=str(_("挂牌督战台账")),
        columns=target_columns(),
        rows=target_rows(qs, timezone.localdate(), personal=personal),
        filename="supervision",
        fmt=fmt,
        audit_action="ledgers.supervisiontarget.exported",
        filters=request.GET,
    )
