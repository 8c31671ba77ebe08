"""One import run: read, check, and (unless a dry run) commit. Used by the job handler and the command."""

import gc
import hashlib
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from fupin.core.errors import NotAllowed
from fupin.jobs.progress import NullReporter
from fupin.registry.importing.committing import commit_plan
from fupin.registry.importing.errorfile import write_error_file
from fupin.registry.importing.parsing import parse_sheets
from fupin.registry.importing.planning import build_plan
from fupin.registry.importing.readers import read_sheets

PERMISSION = "registry.import_household"
RESULT_ERROR_LIMIT = 1000


def imports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep_file(source, filename) -> tuple[Path, str]:
    """Copy the uploaded file under VAR_DIR/imports/<sha256>/<name>; the path and its hash."""
    digest = sha256_of(source)
    folder = imports_dir() / digest
    folder.mkdir(exist_ok=True)
    safe = "".join(ch for ch in Path(filename).name if ch not in '\\/:*?"<>|') or "upload"
    target = folder / safe
    if not target.exists():
        shutil.copyfile(source, target)
    return target, digest


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
    path, *, by=None, dry_run=True, filename=None, source="import", reporter=None, error_file=None, sha256=""
):
    """Run one import; returns the JSON-ready summary (the shape of `import_households --json`)."""
    reporter = reporter or NullReporter()
    filename = filename or Path(path).name
    prefixes = scope_of(by)
    sheets = read_sheets(path, filename)
    estimate = sum(sheet.height for sheet in sheets)
    reporter.progress(0, estimate, _("正在读取文件"), force=True)
    parsed = parse_sheets(sheets, on_row=lambda n: reporter.progress(n, max(estimate, n), _("正在读取文件")))
    rows = parsed.rows
    reporter.progress(rows, rows, _("正在核对"), force=True)
    plan = build_plan(parsed, prefixes=prefixes, on_step=lambda m: reporter.progress(rows, rows, m))
    if not parsed.headers:
        plan.errors.insert(
            0,
            {
                "sheet": "",
                "row": 0,
                "column": "",
                "value": "",
                "message": _("文件中找不到表头（需要“户编号”“姓名”“公民身份号码”等列）。"),
            },
        )
    committed = False
    if not dry_run and not plan.errors:
        note = _("导入文件 %(f)s（SHA-256 %(h)s）") % {"f": filename, "h": sha256 or sha256_of(path)}
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
            "errors": plan.errors,
            "warnings": plan.warnings,
            "committed": committed,
            "dry_run": dry_run,
            "rows": rows,
            "filename": filename,
        }
    )
    header_rows = parsed.header_rows
    del parsed, plan  # the parsed rows: the error file is written from the file itself, streamed
    if result["errors"] and error_file is not None:
        write_error_file(path, filename, result["errors"], error_file, header_rows)
        result["error_file"] = str(error_file)
    reporter.progress(rows, rows, _("完成"), force=True)
    return result


def run_import_job(job, reporter):
    """Job handler (fupin.jobs): params {path, filename, sha256, dry_run}."""
    params = job.params
    error_file = Path(params["path"]).parent / f"errors-{job.pk}.xlsx"
    result = import_file(
        params["path"],
        by=job.user,
        dry_run=params.get("dry_run", True),
        filename=params.get("filename"),
        source=f"import:{job.pk}",
        reporter=reporter,
        error_file=error_file,
        sha256=params.get("sha256", ""),
    )
    result["sha256"] = params.get("sha256", "")
    result["error_count"] = len(result["errors"])
    result["warning_count"] = len(result["warnings"])
    if not params.get("cli"):  # the command prints every error; the page shows the first ones and the file
        result["errors"] = result["errors"][:RESULT_ERROR_LIMIT]
        result["warnings"] = result["warnings"][:RESULT_ERROR_LIMIT]
    return result
