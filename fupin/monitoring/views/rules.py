"""The city's risk rules: list, edit (versioned, audited) and the run over every household (a job)."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.views import get_object_for_user, requires, save_form
from fupin.monitoring import forms, queries
from fupin.monitoring.jobs import start_rule_run
from fupin.monitoring.models import RiskRule
from fupin.monitoring.services import rules
from fupin.monitoring.services.signals import effective_params
from fupin.monitoring.views.common import RULES, TABS, VIEW


@requires(VIEW)
def rule_list(request):
    items = [
        (rule, sorted(effective_params(rule).items())) for rule in queries.rules_visible_to(request.user)
    ]
    can_edit = request.user.has_scoped_perm(RULES)
    return render(request, "monitoring/rule_list.html", {"items": items, "can_edit": can_edit, "tabs": TABS})


@requires(RULES)
def rule_edit(request, pk):
    rule = get_object_for_user(RiskRule, request.user, pk=pk)
    initial = {
        "version": rule.version,
        "name": rule.name,
        "reason": rule.reason,
        "colour": rule.colour,
        "params": json.dumps(rule.params, ensure_ascii=False),
        "active": rule.active,
    }
    form = forms.RuleForm(request.POST or None, initial=initial)
    saved = save_form(
        request, form, lambda data: rules.update_rule(rule, by=request.user, **data), _("规则已保存。")
    )
    if saved:
        return redirect("monitoring:rule_list")
    return render(request, "monitoring/rule_form.html", {"form": form, "rule": rule, "tabs": TABS})


@requires(RULES)
@require_POST
def rule_run(request):
    try:
        job = start_rule_run(by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:rule_list")
    return redirect("jobs:job_detail", pk=job.pk)
