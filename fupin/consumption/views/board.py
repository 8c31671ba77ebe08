"""The consumption board: sales by month, way of selling, district and origin, 滞销 cleared, households with
sales income, bases per district and units against their share; from the maintained tallies."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fupin.consumption import queries
from fupin.consumption.views.common import BUY, TABS, VIEW, require_perm
from fupin.core.exporting import export_response


@login_required
def home(request):
    if not request.user.has_scoped_perm(VIEW) and request.user.has_scoped_perm(BUY):
        return redirect("consumption:market")
    require_perm(request.user, VIEW)
    figures = queries.board(request.user)
    if request.GET.get("export") in ("xlsx", "csv"):
        return _export(request, figures)
    return render(
        request, "consumption/home.html", {"figures": figures, "chart": queries.chart(figures), "tabs": TABS}
    )


def _export(request, figures):
    columns = [(_("分组"), 14), (_("名称"), 24), (_("数量"), 12), (_("金额(元)"), 14)]
    rows = [[_("月份"), f"{r['month']:%Y-%m}", r["quantity"], r["amount"]] for r in figures["months"]]
    rows += [[_("销售方式"), str(r["label"]), r["quantity"], r["amount"]] for r in figures["channels"]]
    rows += [[_("县(市、区)"), r["name"], r["quantity"], r["amount"]] for r in figures["districts"]]
    rows += [[_("产地"), r["name"], r["quantity"], r["amount"]] for r in figures["origins"]]
    return export_response(
        request,
        title=_("消费扶贫销售统计"),
        columns=columns,
        rows=rows,
        filename="consumption-board",
        audit_action="consumption.board.exported",
        fmt=request.GET.get("export"),
    )
