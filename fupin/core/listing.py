"""One list page for a scoped table: filter (a FilterSet), sort by column, paginate, export to xlsx/CSV."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import render

from fupin.core.exporting import export_response


@dataclass
class Col:
    header: str
    value: Callable
    width: int = 14
    sort: str | None = None  # model field to order by when this column's header is clicked
    link: Callable | None = None
    num: bool = False


def list_page(
    request,
    *,
    queryset,
    filterset_class,
    columns,
    title,
    filename,
    audit_action,
    default_sort="-pk",
    template="list_page.html",
    tabs=None,
    context=None,
    per_page=50,
):
    filterset = filterset_class(request.GET or None, queryset=queryset)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    sortable = {c.sort.lstrip("-") for c in columns if c.sort}
    sort = request.GET.get("sort", "")
    qs = qs.order_by(sort, "pk") if sort.lstrip("-") in sortable else qs.order_by(default_sort, "pk")
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        rows = ([_plain(c.value(obj)) for c in columns] for obj in qs.iterator(chunk_size=2000))
        return export_response(
            request,
            title=str(title),
            columns=[(str(c.header), c.width) for c in columns],
            rows=rows,
            filename=filename,
            fmt=fmt,
            audit_action=audit_action,
            filters=request.GET,
        )
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    headers = [
        {
            "label": c.header,
            "sort": c.sort,
            "num": c.num,
            "active": sort.lstrip("-") == (c.sort or "") and bool(c.sort),
            "desc": sort.startswith("-"),
        }
        for c in columns
    ]
    rows = [
        [{"text": c.value(obj), "url": c.link(obj) if c.link else None, "num": c.num} for c in columns]
        for obj in page.object_list
    ]
    return render(
        request,
        template,
        {
            "title": title,
            "filter": filterset,
            "headers": headers,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "sort": sort,
            "tabs": tabs,
            **(context or {}),
        },
    )


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | str | datetime.date):
        return value
    return str(value)
