"""What the offices' pages and the buyers' pages do alike: a form page, a decision button, an order's
page, an import."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fupin.consumption import forms, importers
from fupin.consumption.permissions import BUY, CHANGE, MANAGE, RUN, VIEW
from fupin.core.errors import DomainError
from fupin.core.form_pages import form_page, import_page
from fupin.core.views import require_perm, run_action

TABS = "consumption/includes/_tabs.html"
MARKET_TABS = "consumption/includes/_market_tabs.html"

__all__ = [
    "BUY",
    "CHANGE",
    "MANAGE",
    "MARKET_TABS",
    "RUN",
    "TABS",
    "VIEW",
    "create_page",
    "decide",
    "order_page",
    "require_perm",
    "sales_import_page",
    "yes_no",
]


def yes_no(value):
    return _("是") if value else _("否")


def create_page(request, form_class, action, *, success, title, next_url):
    """A page whose `form_class` form creates a record (`core.form_pages.form_page`), all on the one form
    template."""
    return form_page(
        request,
        form_class(request.POST or None),
        action,
        success=success,
        title=title,
        next_url=next_url,
    )


def decide(request, service, obj):
    """A decision button's POST (approve, reject, confirm …): the service's refusal, or "done", as the message."""
    try:
        service(obj, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已处理。"))


def order_page(request, order, moves, *, tabs, **context):
    """An order's page, an office's or its buyer's. A POST names one of `moves` ({action: (a function of the
    form's version and reason, its success text)}), run through `run_action`; then the page again."""
    if request.method == "POST":
        move = moves.get(request.POST.get("action"))
        if move is not None:
            run_action(request, forms.VersionForm(request.POST), *move)
        return redirect(request.path)
    lines = order.lines.select_related("listing")
    return render(
        request, "consumption/order_detail.html", {"order": order, "lines": lines, "tabs": tabs, **context}
    )


def sales_import_page(request, tabs, *, next_url, own_buyer=None):
    """A sales list coming in through the one import page (`core.form_pages.import_page`): every row an
    order, all or none; then `next_url`, the orders the list became."""
    return import_page(
        request,
        forms.ImportForm(request.POST or None, request.FILES or None),
        lambda table, data: importers.import_sales(
            table, by=request.user, file_name=data["file"].name, own_buyer=own_buyer
        ),
        success=lambda n: _("已导入 %(n)d 条销售记录。") % {"n": n},
        next_url=next_url,
        template="consumption/import.html",
        context={"tabs": tabs},
    )
