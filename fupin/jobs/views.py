"""Following a job: its page, the progress partial htmx polls, and cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.jobs import services
from fupin.jobs.queries import job_for


@login_required
def job_detail(request, pk):
    return render(request, "jobs/job_detail.html", {"job": job_for(request.user, pk)})


@login_required
def job_progress(request, pk):
    """The progress partial; once the job ends, an htmx poll reloads the whole page to show the outcome."""
    job = job_for(request.user, pk)
    if job.is_finished and request.htmx and request.GET.get("running") == "1":
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "jobs/includes/_progress.html", {"job": job})


@login_required
@require_POST
def job_cancel(request, pk):
    job = job_for(request.user, pk)
    try:
        services.cancel_job(job, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("jobs:job_detail", pk=job.pk)
