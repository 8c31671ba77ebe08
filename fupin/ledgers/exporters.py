"""Ledger exports in the 台账 form: a row generator per kind over an already scoped and filtered queryset."""

from django.utils.translation import gettext as _

from fupin.core.exporting import export_response
from fupin.ledgers.choices import Category, ItemStatus, LedgerKind, Priority, RectificationType, Source


def columns(kind=None):
    cols = [(_("序号"), 6), (_("台账类型"), 14), (_("区划代码"), 14), (_("户编号"), 14)]
    if kind != LedgerKind.PROGRESS:
        cols += [(_("问题来源"), 14), (_("问题类别"), 10)]
    cols += [
        (_("问题描述"), 40),
        (_("整改目标"), 24),
        (_("整改措施"), 30),
        (_("牵头单位"), 16),
        (_("责任单位"), 24),
        (_("市(区)责任人"), 10),
        (_("电话"), 14),
        (_("镇(街)责任人"), 10),
        (_("电话"), 14),
        (_("村(居)责任人"), 10),
        (_("电话"), 14),
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


def rows(qs, today, kind=None):
    """One list per item; the last progress entry goes into 整改情况/进展. Batched to stay in bounded memory."""
    qs = qs.select_related("household").prefetch_related("progress")
    labels = {**dict(Source.choices), **dict(Category.choices)}
    for n, item in enumerate(qs.iterator(chunk_size=2000), start=1):
        progress = list(item.progress.all())
        row = [
            n,
            LedgerKind(item.kind).label,
            item.region_code,
            item.household.number if item.household else "",
        ]
        if kind != LedgerKind.PROGRESS:
            row += [str(labels.get(item.source, item.source)), str(labels.get(item.category, item.category))]
        row += [
            item.description,
            item.target,
            item.measures,
            item.lead_unit,
            item.responsible_units,
            item.district_person,
            item.district_phone,
            item.town_person,
            item.town_phone,
            item.village_person,
            item.village_phone,
            str(Priority(item.priority).label),
            item.deadline,
            str(RectificationType(item.rectification_type).label),
            f"{progress[-1].date} {progress[-1].text}" if progress else "",
            str(ItemStatus(item.status).label),
            item.is_overdue(today),
            item.closed_on,
            item.note,
        ]
        yield row


def export_items(request, qs, *, today, kind=None, fmt="xlsx", region_code=""):
    title = LedgerKind(kind).label if kind else _("台账")
    return export_response(
        request,
        title=str(title),
        columns=columns(kind),
        rows=rows(qs, today, kind),
        filename="ledger",
        fmt=fmt,
        audit_action="ledgers.ledgeritem.exported",
        region_code=region_code,
        filters=request.GET,
    )
