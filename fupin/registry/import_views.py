"""Import pages: upload, preview (a dry-run job), commit (a second job), error file, template."""

import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.exporting import XLSX_CONTENT_TYPE, xlsx_download
from fupin.core.importing import check_file, upload_on_disk
from fupin.core.scope import check_anywhere
from fupin.core.uploads import open_sealed
from fupin.jobs import runner, services
from fupin.jobs.models import Job, JobStatus
from fupin.jobs.queries import job_for
from fupin.registry.importing.forms import UploadForm
from fupin.registry.importing.running import PERMISSION, discard_upload, keep_file
from fupin.registry.importing.template import build_template

KIND = "registry.import"
HANDLER = "fupin.registry.importing.running.run_import_job"
ERRORS_SHOWN = 200


def _require_permission(user):
    check_anywhere(user, PERMISSION)


def _start(user, params):
    job = services.create_job(
        by=user, kind=KIND, handler=HANDLER, params=params, region_code=_home_code(user)
    )
    runner.submit(job)
    return job


def _home_code(user):
    region = getattr(user, "home_region", None)
    return region.code if region is not None else ""


@login_required
def import_start(request):
    _require_permission(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with upload_on_disk(upload) as temp:
            try:
                check_file(temp, upload.name)  # the upload gate's checks, before a job and a copy
            except DomainError as exc:
                form.add_error("file", str(exc))
            else:
                kept, digest = keep_file(temp, upload.name)
        if not form.errors:
            params = {"path": str(kept), "filename": upload.name, "sha256": digest, "dry_run": True}
            job = _start(request.user, params)
            return redirect("registry:import_detail", pk=job.pk)
    recent = Job.objects.owned_by(request.user).filter(kind=KIND)[:10]
    return render(request, "registry/import_start.html", {"form": form, "recent": recent})


@login_required
def import_detail(request, pk):
    _require_permission(request.user)
    job = job_for(request.user, pk, kind=KIND)
    result = job.result or {}
    context = {
        "job": job,
        "result": result,
        "dry_run": job.params.get("dry_run", True),
        "errors": result.get("errors", [])[:ERRORS_SHOWN],
        "warnings": result.get("warnings", [])[:ERRORS_SHOWN],
        "can_commit": job.status == JobStatus.SUCCEEDED
        and job.params.get("dry_run")
        and not result.get("error_count"),
        "missing_columns": (result.get("missing_columns") or []) if job.params.get("dry_run") else [],
    }
    return render(request, "registry/import_detail.html", context)


@login_required
@require_POST
def import_commit(request, pk):
    _require_permission(request.user)
    preview = job_for(request.user, pk, kind=KIND)
    result = preview.result or {}
    if (
        preview.status != JobStatus.SUCCEEDED
        or not preview.params.get("dry_run")
        or result.get("error_count")
    ):
        messages.error(request, _("只有没有错误的预览才能确认导入。"))
        return redirect("registry:import_detail", pk=preview.pk)
    if not Path(preview.params["path"]).exists():
        messages.error(request, _("上传的文件已过期删除，请重新上传。"))
        return redirect("registry:import_start")
    return _run_again(
        request, preview, fill=preview.params.get("fill") or {}, dry_run=False, preview_job=preview.pk
    )


def _run_again(request, preview, **params):
    """A new job over the preview's upload (its path, name and digest) with `params`; then its page."""
    upload = {key: preview.params[key] for key in ("path", "filename", "sha256")}
    job = _start(request.user, {**upload, **params})
    return redirect("registry:import_detail", pk=job.pk)


@login_required
@require_POST
def import_fill(request, pk):
    """Preview the same file again with one value for each column it lacks (识别年度=2016 for all)."""
    _require_permission(request.user)
    preview = job_for(request.user, pk, kind=KIND)
    missing = (preview.result or {}).get("missing_columns") or []
    if not preview.params.get("dry_run") or not missing or not Path(preview.params["path"]).exists():
        messages.error(request, _("该预览不能补填，请重新上传。"))
        return redirect("registry:import_start")
    fill = dict(preview.params.get("fill") or {})
    fill.update({name: request.POST.get(f"fill-{name}", "").strip() for name in missing})
    if not all(fill.values()):
        messages.error(request, _("请为每个缺少的列填写一个值。"))
        return redirect("registry:import_detail", pk=preview.pk)
    return _run_again(request, preview, dry_run=True, fill=fill)


@login_required
@require_POST
def import_cancel(request, pk):
    """Cancel a running job, or abandon a preview: back to the upload page either way."""
    _require_permission(request.user)
    job = job_for(request.user, pk, kind=KIND)
    if not job.is_finished:
        services.cancel_job(job, by=request.user)  # a running job deletes its upload as it stops
        messages.info(request, _("已取消导入，数据库未被修改。"))
    else:
        messages.info(request, _("已放弃本次导入，未写入任何数据。"))
    job.refresh_from_db()
    path = job.params["path"]
    unfinished = Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], params__path=path)
    if job.is_finished and not unfinished.exists():  # not while its commit job reads it
        discard_upload(path)
    return redirect("registry:import_start")


@login_required
def import_errors(request, pk):
    _require_permission(request.user)
    job = job_for(request.user, pk, kind=KIND)
    path = Path((job.result or {}).get("error_file") or "")
    if not path.name or not path.is_file() or _age_days(path) > settings.IMPORT_ERROR_FILE_DAYS:
        raise Http404
    name = f"{Path(job.params.get('filename', 'import')).stem}-错误.xlsx"
    return xlsx_download(open_sealed(path), name, streaming=True)


def _age_days(path):
    return (time.time() - path.stat().st_mtime) / 86400


@login_required
def import_template(request):
    _require_permission(request.user)
    response = HttpResponse(build_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E8%B4%AB%E5%9B%B0%E6%88%B7%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
