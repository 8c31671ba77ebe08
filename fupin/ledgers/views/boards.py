"""The ledger board (home), the overdue list per region and unit, and the escalation inbox."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from fupin.core.pdf import pdf_response
from fupin.core.views import requires
from fupin.ledgers import queries
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.models import LedgerItem
from fupin.ledgers.views.common import today, with_labels
from fupin.plan import queries as plan_queries


@requires("ledgers.view_item")
def home(request):
    """Board: found / rectified / in progress / overdue / closed and closing rate, by region and unit, per kind."""
    prefix = queries.board_prefix(request.user)
    qs = LedgerItem.objects.visible_to(request.user)
    data = queries.board(qs, today(), group_prefix=prefix, tally_rows=queries.tally_rows_for(request.user))
    names = queries.region_names({code for kind in data.values() for code, _row in kind["regions"]})
    kinds = [
        (LedgerKind(k), {**v, "regions": [(c, names.get(c, c), r) for c, r in v["regions"]]})
        for k, v in data.items()
    ]
    if request.GET.get("export") == "pdf":
        return pdf_response(
            request,
            template="ledgers/home_pdf.html",
            context={"kinds": kinds},
            title=_("台账看板（%(d)s）") % {"d": today().isoformat()},
            filename="ledger-board",
            audit_action="ledgers.ledgeritem.exported",
            permission="ledgers.view_item",
        )
    return render(
        request,
        "ledgers/home.html",
        {
            "kinds": kinds,
            "today": today(),
            "can_create": request.user.has_scoped_perm("ledgers.create_item"),
        },
    )


@requires("ledgers.view_item")
def overdue(request):
    prefix = queries.board_prefix(request.user)
    qs = LedgerItem.objects.visible_to(request.user)
    by_region, by_unit = queries.overdue_summary(
        qs, today(), prefix, tally_rows=queries.tally_rows_for(request.user)
    )
    names = queries.region_names({c for c, _n in by_region})
    return render(
        request,
        "ledgers/overdue.html",
        {
            "by_region": [(c, names.get(c, c), n) for c, n in by_region],
            "by_unit": by_unit,
            "today": today(),
        },
    )


@requires("ledgers.view_item")
def inbox(request):
    data = queries.inbox(request.user, today())
    labels = {"overdue": _("已逾期"), "1": _("1天内到期"), "3": _("3天内到期"), "7": _("7天内到期")}
    sections = [
        (title, [(labels[k], with_labels(items)) for k, items in data[key].items()])
        for key, title in (("mine", _("我负责的")), ("below", _("下级的")))
    ]
    return render(
        request,
        "ledgers/inbox.html",
        {
            "sections": sections,
            "today": today(),
            "tasks": overdue_plan_tasks(request.user, today()),
        },
    )


def overdue_plan_tasks(user, day):
    return plan_queries.overdue_tasks_for(user, day)
