"""python manage.py import_households PATH [--user USERNAME] [--dry-run] [--json] [--fill 列名=值 ...]"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fupin.core.errors import DomainError
from fupin.jobs import runner, services
from fupin.jobs.models import Job, JobStatus

HANDLER = "fupin.registry.importing.running.run_import_job"


class Command(BaseCommand):
    help = "Import households and members from an .xlsx/.xls/.csv file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--user", help="import as this user, within their scope (default: operator, no limit)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--fill",
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            help="one value for a household column the whole file lacks, e.g. 识别年度=2016 (repeatable)",
        )

    def handle(self, *args, path, user=None, dry_run=False, json=False, fill=(), **options):
        from fupin.registry.importing.filling import parse_fill_options
        from fupin.registry.importing.running import keep_file

        try:
            fill_values = parse_fill_options(fill)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        source = Path(path)
        if not source.is_file():
            raise CommandError(f"no such file: {path}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"no such user: {user}")
        kept, digest = keep_file(source, source.name)
        job = services.create_job(
            by=actor,
            kind="registry.import",
            handler=HANDLER,
            params={
                "path": str(kept),
                "filename": source.name,
                "sha256": digest,
                "dry_run": dry_run,
                "cli": True,
                "fill": fill_values,
            },
        )
        runner.submit(job, inline=True)
        job = Job.objects.get(pk=job.pk)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.message or job.status)
        self._report(job, as_json=json)

    def _report(self, job, *, as_json):
        result = job.result
        output = {key: result[key] for key in ("households", "members", "errors", "warnings", "committed")}
        output["errors"] = [
            {k: e[k] for k in ("sheet", "row", "column", "message")} for e in output["errors"]
        ]
        output["warnings"] = [
            {k: e[k] for k in ("sheet", "row", "column", "message")} for e in output["warnings"]
        ]
        if as_json:
            self.stdout.write(json_dumps(output))
        else:
            h, m = result["households"], result["members"]
            for error in output["errors"]:
                self.stderr.write(f"{error['sheet']}!{error['row']} {error['column']}: {error['message']}")
            self.stdout.write(
                f"job {job.pk}: households created {h['created']} updated {h['updated']} unchanged "
                f"{h['unchanged']}; members created {m['created']} updated {m['updated']} unchanged "
                f"{m['unchanged']}; errors {result.get('error_count', 0)}; "
                f"{'committed' if result['committed'] else 'not committed'}"
            )
        if result.get("error_count", 0):
            sys.exit(1)


def json_dumps(value):
    return json.dumps(value, ensure_ascii=False)


__all__ = ["Command", "DomainError"]
