"""The matching (精准对接): runs as background jobs, their batches and the proposals' decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import paginate
from fupin.core.views import get_object_for_user, require_perm, requires, start_job
from fupin.employment import forms, jobs
from fupin.employment.choices import ProposalStatus
from fupin.employment.models import MatchBatch, MatchProposal
from fupin.employment.services import matching_runs
from fupin.employment.views.common import CHANGE, RUN, VIEW
from fupin.jobs.models import Job, JobStatus
from fupin.jobs.services import live_state


def _run_regions(user):
    from fupin.regions.models import Region

    return Region.objects.within_scope_of(user, RUN).filter(level__lte=4).order_by("code")[:300]


@requires(VIEW)
def match_home(request):
    form = (
        forms.MatchRunForm(regions=_run_regions(request.user)) if request.user.has_scoped_perm(RUN) else None
    )
    batches = MatchBatch.objects.visible_to(request.user)[:20]
    runs = [live_state(job) for job in Job.objects.owned_by(request.user).filter(kind=jobs.KIND)[:5]]
    return render(request, "employment/match_home.html", {"form": form, "batches": batches, "runs": runs})


@login_required
@require_POST
def match_run(request):
    """Starts the matching as a background job and shows its progress page."""
    require_perm(request.user, RUN)
    return start_job(
        request,
        forms.MatchRunForm(request.POST, regions=_run_regions(request.user)),
        lambda d: jobs.start_matching(by=request.user, scope_region=d["region"]),
        invalid=_("请选择匹配范围。"),
        otherwise="employment:match_home",
        job_page="employment:match_job",
    )


@requires(VIEW)
def match_job(request, pk):
    """A matching run: its progress while it runs (htmx reloads the page at the end), then its outcome."""
    job = jobs.matching_job_for(request.user, pk)
    batch = None
    batch_id = (job.result or {}).get("batch_id")
    if job.status == JobStatus.SUCCEEDED and batch_id:
        batch = MatchBatch.objects.visible_to(request.user).filter(pk=batch_id).first()
    return render(request, "employment/match_job.html", {"job": job, "batch": batch})


@requires(VIEW)
def batch_detail(request, pk):
    batch = get_object_for_user(MatchBatch, request.user, pk=pk)
    proposals = (
        MatchProposal.objects.visible_to(request.user)
        .filter(batch=batch)
        .select_related("laborer", "vacancy__enterprise")
        .order_by("-score", "pk")
    )
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)

    page = paginate(request, proposals, 50)
    return render(
        request,
        "employment/batch_detail.html",
        {"batch": batch, "page": page, "status": status, "can_change": request.user.has_scoped_perm(CHANGE)},
    )


@login_required
@require_POST
def proposal_decide(request, pk, decision):
    require_perm(request.user, CHANGE)
    if decision not in ("confirm", "reject"):
        raise Http404
    proposal = get_object_for_user(MatchProposal, request.user, pk=pk)
    try:
        if decision == "confirm":
            matching_runs.confirm_proposal(proposal, by=request.user)
            messages.success(
                request, _("已确认推荐：%(l)s → %(v)s") % {"l": proposal.laborer, "v": proposal.vacancy}
            )
        else:
            matching_runs.reject_proposal(proposal, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("已驳回推荐。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("employment:batch_detail", args=[proposal.batch_id]) + f"#p{proposal.pk}")
