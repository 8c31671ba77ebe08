"""One import run: read, check, and (unless a dry run) commit. Used by the job handler and the command."""

import gc
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from fupin.core.backup.archive import sha256_of
from fupin.core.errors import DomainError, NotAllowed
from fupin.core.importing import read_sheets
from fupin.core.importing_rows import RowError
from fupin.core.uploads import seal_file
from fupin.jobs.progress import NullReporter
from fupin.registry.importing.committing import commit_plan
from fupin.registry.importing.errorfile import write_error_file
from fupin.registry.importing.filling import apply_fill
from fupin.registry.importing.parsing import parse_sheets
from fupin.registry.importing.planning import build_plan

PERMISSION = "registry.import_household"
RESULT_ERROR_LIMIT = 1000


def imports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def error_files_dir() -> Path:
    path = Path(settings.VAR_DIR) / "import-errors"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep_file(source, filename) -> tuple[Path, str]:
    """Copy the uploaded file under VAR_DIR/imports/<random>/<name> (a folder of its own, deleted with the
    import: discard_upload); the path and its hash."""
    digest = sha256_of(source)
    folder = imports_dir() / uuid.uuid4().hex
    folder.mkdir()
    safe = "".join(ch for ch in Path(filename).name if ch not in '\\/:*?"<>|') or "upload"
    target = folder / safe
    shutil.copyfile(source, target)
    return target, digest


def discard_upload(path):
    """Delete a kept upload and its folder (the file holds full resident IDs: kept no longer than its import)."""
    folder = Path(path).parent
    if folder.parent.resolve() != imports_dir().resolve():
        return  # not a folder keep_file made
    shutil.rmtree(folder, ignore_errors=True)


def error_file_of(job_pk) -> Path:
    """Where the sealed error file of a preview is kept (IMPORT_ERROR_FILE_DAYS, then purge_uploads)."""
    return error_files_dir() / f"{job_pk}.xlsx.sealed"


def scope_of(user):
    """The user's import scope as region prefixes; None (everything) for an operator without a user."""
    if user is None:
        return None
    prefixes = user.prefixes_for(PERMISSION)
    if not prefixes:
        raise NotAllowed(_("您没有导入贫困户的权限。"))
    return prefixes


@contextmanager
def cyclic_gc_paused():
    """A province file becomes millions of long-lived tuples and no reference cycles; left on, the cyclic
    collector walks them again and again (about a tenth of the import's CPU time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cyclic_gc_paused()
def import_file(
    path,
    *,
    by=None,
    dry_run=True,
    filename=None,
    source="import",
    reporter=None,
    error_file=None,
    sha256="",
    fill=None,
):
    """Run one import; returns the JSON-ready summary (the shape of `import_households --json`).

    `fill` ({column: text}) supplies one value for the whole file where a household has none."""
    reporter = reporter or NullReporter()
    filename = filename or Path(path).name
    prefixes = scope_of(by)
    try:
        sheets = read_sheets(path, filename)
        estimate = sum(sheet.height for sheet in sheets)
        reporter.progress(0, estimate, _("正在读取文件"), force=True)
        parsed = parse_sheets(
            sheets, on_row=lambda n: reporter.progress(n, max(estimate, n), _("正在读取文件"))
        )
    except DomainError as exc:  # the upload gate refused the file, or its worker could not read it
        return refusal(exc, filename=filename, dry_run=dry_run)
    rows = parsed.rows
    filled, fill_errors = apply_fill(parsed, fill)
    reporter.progress(rows, rows, _("正在核对"), force=True)
    plan = build_plan(parsed, prefixes=prefixes, on_step=lambda m: reporter.progress(rows, rows, m))
    plan.errors[:0] = fill_errors
    if not parsed.headers:
        plan.errors.insert(
            0, RowError(0, "", _("文件中找不到表头（需要“户编号”“姓名”“公民身份号码”等列）。"))
        )
    committed = False
    if not dry_run and not plan.errors:
        note = _("导入文件 %(f)s（SHA-256 %(h)s）") % {"f": filename, "h": sha256 or sha256_of(path)}
        if filled:
            given = "，".join(f"{name}={value}" for name, value in filled.items())
            note += _("；整份文件统一填写：%(v)s") % {"v": given}
        commit_plan(
            plan,
            by=by,
            source=source,
            note=note,
            on_progress=lambda done, total: reporter.progress(done, total, _("正在写入")),
        )
        committed = True
    result = plan.counts()
    result.update(
        {
            "errors": [error.as_dict() for error in plan.errors],
            "warnings": [warning.as_dict() for warning in plan.warnings],
            "committed": committed,
            "dry_run": dry_run,
            "rows": rows,
            "filename": filename,
            "filled": filled,
            "missing_columns": plan.missing_columns,
        }
    )
    header_rows = parsed.header_rows
    del parsed, plan  # the parsed rows: the error file is written from the file itself, streamed
    if result["errors"] and error_file is not None:
        write_error_file(path, filename, result["errors"], error_file, header_rows)
        result["error_file"] = str(error_file)
    reporter.progress(rows, rows, _("完成"), force=True)
    return result


def refusal(exc, *, filename, dry_run) -> dict:
    """The summary of a file refused as a whole: one file-level error, nothing read, nothing written."""
    error = RowError(0, "", exc).as_dict()
    nothing = {"created": 0, "updated": 0, "unchanged": 0}
    return {
        "households": dict(nothing),
        "members": dict(nothing),
        "errors": [error],
        "warnings": [],
        "committed": False,
        "dry_run": dry_run,
        "rows": 0,
        "filename": filename,
        "refused": True,
    }


def run_import_job(job, reporter):
    """Job handler (fupin.jobs): params {path, filename, sha256, dry_run[, cli]}.

    The kept upload is deleted when the job ends, unless it is a clean preview waiting to be committed
    (then the commit job, an abandon, or purge_uploads after IMPORT_UPLOAD_KEEP_HOURS deletes it). The
    error file of a preview is kept sealed (encrypted) for IMPORT_ERROR_FILE_DAYS.
    """
    params = job.params
    dry_run = params.get("dry_run", True)
    plain_errors = Path(params["path"]).parent / f"errors-{job.pk}.xlsx"
    try:
        result = import_file(
            params["path"],
            by=job.user,
            dry_run=dry_run,
            filename=params.get("filename"),
            source=f"import:{job.pk}",
            reporter=reporter,
            error_file=None if params.get("cli") else plain_errors,
            sha256=params.get("sha256", ""),
            fill=params.get("fill"),
        )
        if result.get("error_file"):
            result["error_file"] = str(seal_file(plain_errors, error_file_of(job.pk)))
    except BaseException:  # failed or cancelled: nothing will read the upload again
        discard_upload(params["path"])
        raise
    # A preview whose only errors are columns the user can fill for the whole file keeps its upload for
    # the preview again with the values (import_fill).
    fillable = len(result["errors"]) == len(result.get("missing_columns") or ())
    if not dry_run or (result["errors"] and not fillable) or params.get("cli"):
        discard_upload(params["path"])
    result["sha256"] = params.get("sha256", "")
    result["error_count"] = len(result["errors"])
    result["warning_count"] = len(result["warnings"])
    if not params.get("cli"):  # the command prints every error; the page shows the first ones and the file
        result["errors"] = result["errors"][:RESULT_ERROR_LIMIT]
        result["warnings"] = result["warnings"][:RESULT_ERROR_LIMIT]
    return result


def purge_stale_uploads(*, now=None) -> tuple[int, int]:
    """Delete kept uploads older than IMPORT_UPLOAD_KEEP_HOURS that no unfinished job reads, and sealed
    error files older than IMPORT_ERROR_FILE_DAYS; returns (uploads, error files) deleted."""
    from fupin.jobs.models import Job, JobStatus

    now = time.time() if now is None else now
    unfinished = Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    in_use = {Path(p).parent.name for p in unfinished.values_list("params__path", flat=True) if p}
    upload_cutoff = now - settings.IMPORT_UPLOAD_KEEP_HOURS * 3600
    uploads = 0
    for folder in imports_dir().iterdir():
        if folder.name in in_use or folder.stat().st_mtime >= upload_cutoff:
            continue
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink(missing_ok=True)
        uploads += 1
    error_cutoff = now - settings.IMPORT_ERROR_FILE_DAYS * 86400
    error_files = 0
    for sealed in error_files_dir().iterdir():
        if sealed.stat().st_mtime < error_cutoff:
            sealed.unlink(missing_ok=True)
            error_files += 1
    return uploads, error_files
