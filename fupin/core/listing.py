"""One list page for a scoped table: filter (a FilterSet), sort by column, paginate, export to xlsx/CSV;
and the form some lists show above them to add a record."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from fupin.core.display import money, region_name
from fupin.core.exporting import export_response
from fupin.core.scope import check_anywhere
from fupin.core.views import run_action


@dataclass
class Col:
    header: str
    value: Callable
    width: int = 14
    sort: str | None = None  # model field to order by when this column's header is clicked
    link: Callable | None = None
    num: bool = False


def region_column():
    """The 地区 column most lists show: the record's region by name, sorted by its `region_code`."""
    return Col(_("地区"), lambda o: region_name(o.region_code), 14, "region_code")


NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


def field_columns(model, *specs, widths=None, headers=None, links=None):
    """The columns of a list of `model`'s records: field paths named as the model names them (one source
    for the header), several to a string as in `"name kind status"`, and `Col`s of their own kept as they are.

    A path (`"status"`, `"household__number"`) is headed by the `verbose_name` of its last field, shows the
    value at its end (a choice by its label, yes/no in words, a linked record by its name, an empty cell
    past an empty link), sorts by the path (a linked record in its model's order) and is a number column when its
    field holds a number. `region_code` is the one 地区 column. `widths`, `headers` and `links` (a function
    of the record giving its URL) override a path's export width, header and link."""
    widths, headers, links = widths or {}, headers or {}, links or {}
    columns = []
    for spec in specs:
        if isinstance(spec, Col):
            columns.append(spec)
            continue
        for path in spec.split():
            if path == "region_code" and path not in headers:
                columns.append(region_column())
            else:
                columns.append(
                    _field_column(model, path, widths.get(path), headers.get(path), links.get(path))
                )
    return columns


def _field_column(model, path, width, header, link):
    names = path.split("__")
    field = model._meta.get_field(names[0])
    for name in names[1:]:
        field = field.related_model._meta.get_field(name)
    plain = not field.choices and not field.is_relation
    num = plain and isinstance(field, NUMBER_FIELDS)

    def value(obj):
        for name in names[:-1]:
            obj = getattr(obj, name)
            if obj is None:
                return None
        if field.choices:
            return getattr(obj, f"get_{names[-1]}_display")()
        shown = getattr(obj, names[-1])
        if isinstance(field, models.BooleanField):
            return _("是") if shown else _("否")
        return shown

    return Col(header or field.verbose_name, value, width or _width(field), path, link, num)


def _width(field):
    """An export column as wide as its field usually needs."""
    if field.choices or isinstance(field, models.BooleanField):
        return 8
    if field.is_relation:
        return 20
    if isinstance(field, models.DateTimeField):
        return 16
    if isinstance(field, models.DateField | models.DecimalField):
        return 12
    if isinstance(field, NUMBER_FIELDS):
        return 8
    return 24 if (field.max_length or 100) >= 100 else 14


# Spellings of sort and export that pages used before they all went through list_page: a bookmark
# with one of them is sent to the one spelling, every other parameter kept.
OLD_SPELLINGS = {"ordering": "sort", "format": "export"}
EXPORT_FORMATS = ("xlsx", "csv")


def old_spelling_redirect(request, path=None):
    """A 302 to the same list with `?ordering=`/`?format=` spelled `?sort=`/`?export=`, or None.

    `path` sends an export URL of its own to its list page (with `export=xlsx` unless a format is given)."""
    params = request.GET.copy()
    if path is None and not any(old in params for old in OLD_SPELLINGS):
        return None
    for old, new in OLD_SPELLINGS.items():
        if old in params:
            value = params.pop(old)[-1]
            if value and new not in params:
                params[new] = value
    if path is not None and params.get("export") not in EXPORT_FORMATS:
        params["export"] = "xlsx"
    query = params.urlencode()
    return HttpResponseRedirect((path or request.path) + (f"?{query}" if query else ""))


class CountedPaginator(Paginator):
    """A paginator whose total comes from a function (an estimate or a maintained tally) instead of a
    COUNT(*) over a table too large to count on each page."""

    def __init__(self, *args, count_with=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._count_with = count_with

    @cached_property
    def count(self):
        return self._count_with() if self._count_with else super().count


def paginate(request, queryset, per_page, count=None):
    """The page `?page=` asks for (the last one when past the end)."""
    return CountedPaginator(queryset, per_page, count_with=count).get_page(request.GET.get("page"))


def list_page(
    request,
    *,
    queryset,
    filterset_class,
    columns,
    title,
    filename,
    audit_action=None,
    default_sort="-pk",
    sorts=None,
    template="list_page.html",
    tabs=None,
    context=None,
    per_page=50,
    count=None,
    filter_kwargs=None,
    decorate=None,
    export=None,
    export_columns=None,
    export_queryset=None,
    export_permission=None,
    export_region="",
):
    """`count` (a function) replaces COUNT(*) for tables too large to count per page; `filter_kwargs` go
    to the FilterSet (e.g. the user). `sorts` maps a `?sort=` key to the fields it orders by (ascending;
    `-key` reverses each), beside the columns' own `sort`; `default_sort` is a field or a tuple of them.
    `decorate` turns the page's records into what the template shows (labels looked up once a page).
    An export filters and sorts `export_queryset` (default `queryset`) the same way, needs
    `export_permission` when given, and writes `export_columns` (default `columns`), noting
    `export_region` in its audit entry; or it is `export(queryset, fmt)` for a page with rows of its own.
    The export is audited as `audit_action`, by default `<app>.<model>.exported` of `queryset`'s model."""
    moved = old_spelling_redirect(request)
    if moved:
        return moved
    fmt = request.GET.get("export")
    exporting = fmt in EXPORT_FORMATS
    if exporting and export_permission:
        check_anywhere(request.user, export_permission)
    base = export_queryset if exporting and export_queryset is not None else queryset
    filterset = filterset_class(request.GET or None, queryset=base, **(filter_kwargs or {}))
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    sorts = {**{c.sort.lstrip("-"): (c.sort.lstrip("-"),) for c in columns if c.sort}, **(sorts or {})}
    sort = request.GET.get("sort", "")
    qs = qs.order_by(*sort_fields(sort, sorts, default_sort))
    if exporting:
        if export is not None:
            return export(qs, fmt)
        return _export(
            request,
            qs,
            fmt,
            columns=export_columns or columns,
            title=title,
            filename=filename,
            action=audit_action or _exported_action(queryset.model),
            region_code=export_region,
        )
    page = paginate(request, qs, per_page, count)
    if decorate is not None:
        page.object_list = decorate(page.object_list)
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
        [{"text": _shown(c, obj), "url": c.link(obj) if c.link else None, "num": c.num} for c in columns]
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


def _exported_action(model):
    """The audit action of an export of `model`'s records: `<app>.<model>.exported`."""
    return f"{model._meta.app_label}.{model._meta.model_name}.exported"


def _shown(column, obj):
    """A cell as the page shows it: an amount of a number column grouped the project's one way
    (docs/display.md); the export writes the number itself."""
    value = column.value(obj)
    return money(value) if column.num and isinstance(value, Decimal) else value


LIST_FORM = "includes/_list_form.html"


def form_above(request, form_class, heading, *, permission):
    """The `context` of a list page that shows a form above the list, posting to the list's own URL (its
    POST goes to `save_from_list`): an empty `form_class()` under `heading`, for a user who holds
    `permission` somewhere; nothing for the others."""
    form = form_class() if request.user.has_scoped_perm(permission) else None
    return {"above": LIST_FORM, "list_form": form, "list_form_heading": heading}


def save_from_list(request, form, save, success, *, permission, invalid=None):
    """The POST of the form above a list (`form_above`): 403 without `permission`, then `save(cleaned_data)`
    (a service call) through `run_action`, then the list again with the outcome as a message."""
    check_anywhere(request.user, permission)
    run_action(request, form, save, success, invalid=invalid)
    return redirect(request.path)


def home_code(user):
    """The code of the user's home region (noted in an export's audit entry), or ""."""
    home = user.home_region
    return home.code if home else ""


def sort_fields(sort, sorts, default_sort):
    """The fields `?sort=` orders by (the default when it names no sortable key), the row id last, in the
    sort's direction: an index on (field, id) then serves a descending sort too, walked backwards, where a
    mixed `field DESC, id ASC` would make the database read and sort the whole scope."""
    key = sort.lstrip("-")
    descending = key in sorts and sort.startswith("-")
    if key in sorts:
        fields = [_reversed(f) if descending else f for f in sorts[key]]
    else:
        fields = [default_sort] if isinstance(default_sort, str) else list(default_sort)
    return fields if {"pk", "-pk", "id", "-id"} & set(fields) else [*fields, "-pk" if descending else "pk"]


def _reversed(field):
    return field[1:] if field.startswith("-") else f"-{field}"


def _export(request, qs, fmt, *, columns, title, filename, action, region_code):
    rows = ([_plain(c.value(obj)) for c in columns] for obj in qs.iterator(chunk_size=2000))
    return export_response(
        request,
        title=str(title),
        columns=[(str(c.header), c.width) for c in columns],
        rows=rows,
        filename=filename,
        fmt=fmt,
        audit_action=action,
        region_code=region_code,
        filters=request.GET,
    )


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | str | datetime.date):
        return value
    return str(value)
