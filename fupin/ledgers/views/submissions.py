"""Pages of the district ledger reports to the city (R1.2): the list (filter, sort, pages, export) with the
district's submit form, and one report with its figures, history and the city's accept / return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.audit import queries as audit_queries
from fupin.core.display import date_text, region_name
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.core.listing import Col, list_page
from fupin.core.views import get_object_for_user, requires, save_form
from fupin.ledgers import submission as service
from fupin.ledgers.models import LedgerSubmission
from fupin.ledgers.submission_forms import LedgerSubmissionFilter, SubmissionActionForm, SubmitLedgerForm
from fupin.ledgers.views.common import today


def _detail_url(submission):
    return reverse("ledgers:submission_detail", args=[submission.pk])


COLUMNS = [
    Col(
        gettext_lazy("市(区)"), lambda s: region_name(s.region_code), 14, sort="region_code", link=_detail_url
    ),
    Col(gettext_lazy("台账类型"), lambda s: s.get_kind_display(), 14, sort="kind"),
    Col(gettext_lazy("报送截至日期"), lambda s: s.as_of, 12, sort="as_of"),
    Col(gettext_lazy("状态"), lambda s: s.get_status_display(), 10, sort="status"),
    Col(gettext_lazy("事项数"), lambda s: s.figures.get("items", 0), 10, num=True),
    Col(gettext_lazy("未销号"), lambda s: s.figures.get("open", 0), 10, num=True),
    Col(gettext_lazy("逾期"), lambda s: s.figures.get("overdue", 0), 10, num=True),
    Col(gettext_lazy("报送时间"), lambda s: date_text(s.submitted_at), 16, sort="submitted_at"),
    Col(gettext_lazy("退回原因"), lambda s: s.return_reason, 24),
]


@requires("ledgers.view_item")
def submission_list(request):
    form = SubmitLedgerForm(request.POST or None, initial={"as_of": today()})
    form.fields["region_code"].for_user(request.user)
    submission = save_form(
        request,
        form,
        lambda data: service.submit_ledger(by=request.user, **data),
        _("台账已报送至市扶贫办。"),
    )
    if submission is not None:
        return redirect("ledgers:submission_detail", pk=submission.pk)
    can_submit = any(len(p) == service.DISTRICT_DIGITS for p in request.user.prefixes_for(service.SUBMIT))
    return list_page(
        request,
        queryset=service.submissions_visible_to(request.user),
        filterset_class=LedgerSubmissionFilter,
        columns=COLUMNS,
        default_sort=("-as_of", "region_code"),
        title=_("台账报送（市(区)向市报送）"),
        filename="ledger-submissions",
        audit_action="ledgers.ledgersubmission.exported",
        tabs="ledgers/includes/_tabs.html",
        context={"form": form if can_submit else None, "above": "ledgers/includes/_submission_form.html"},
    )


@login_required
def submission_detail(request, pk):
    submission = get_object_for_user(service.submissions_visible_to(request.user), request.user, pk=pk)
    actions = [
        (a, service.ACTION_LABELS[a], a in service.NEEDS_REASON)
        for a in service.available_actions(submission, request.user)
    ]
    return render(
        request,
        "ledgers/submission_detail.html",
        {
            "submission": submission,
            "actions": actions,
            "history": audit_queries.history("ledgers.ledgersubmission", submission.pk),
        },
    )


@login_required
@require_POST
def submission_action(request, pk, action):
    submission = get_object_for_user(LedgerSubmission, request.user, pk=pk)
    form = SubmissionActionForm(request.POST)
    if action not in service.TRANSITIONS or not form.is_valid():
        messages.error(request, _("不支持的操作。"))
        return redirect("ledgers:submission_detail", pk=pk)
    try:
        service.transition_submission(submission, by=request.user, action=action, **form.cleaned_data)
    except (OutOfScope, NotAllowed):
        raise  # the one scope rule: 404 or 403 (core.middleware.ScopeErrorMiddleware)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已%(action)s。") % {"action": service.ACTION_LABELS[action]})
    return redirect("ledgers:submission_detail", pk=pk)
