"""The early-warning board (预警看板) and the steps due or late (到期提醒)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from fupin.core.views import requires
from fupin.monitoring import queries
from fupin.monitoring.choices import CaseStep, Channel, Colour, ExitStep, RiskType
from fupin.monitoring.views.common import VIEW, today
from fupin.registry.choices import MonitoringMark


def _labelled(counts, choices):
    return [(label, counts.get(value, 0), value) for value, label in choices.choices if counts.get(value)]


@requires(VIEW)
def home(request):
    data = queries.board(request.user, today())
    context = {
        "data": data,
        "by_kind": _labelled(data["by_kind"], MonitoringMark),
        "by_risk_type": _labelled(data["by_risk_type"], RiskType),
        "by_colour": _labelled(data["by_colour"], Colour),
        "signals_by_colour": _labelled(data["signals_by_colour"], Colour),
        "signals_by_channel": _labelled(data["signals_by_channel"], Channel),
        "by_step": [
            (label, data["by_step"].get(v, 0), v) for v, label in CaseStep.choices if v != CaseStep.DONE
        ],
        "exits_by_step": _labelled(data["exits_by_step"], ExitStep),
    }
    return render(request, "monitoring/home.html", context)


@requires(VIEW)
def inbox(request):
    data = queries.step_inbox(request.user, today())
    labels = {"overdue": _("已逾期"), "1": _("1天内到期"), "3": _("3天内到期"), "7": _("7天内到期")}
    sections = [
        (title, [(labels[k], items) for k, items in data[key].items()])
        for key, title in (("mine", _("待我办理的")), ("below", _("下级的")))
    ]
    return render(request, "monitoring/inbox.html", {"sections": sections, "today": today()})
