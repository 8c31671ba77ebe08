from django.core.management.base import BaseCommand, CommandError

from fupin.audit.verifying import parse_day, verify


class Command(BaseCommand):
    help = (
        "Walk every hash chain of the audit trail and name each entry changed, deleted or inserted; "
        "check the chains against the latest anchor. Exits non-zero when anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=parse_day, help="only chains of this day (YYYY-MM-DD) and later")
        parser.add_argument("--anchor", help="the anchor file (default: AUDIT_ANCHOR_DIR/anchors.jsonl)")

    def handle(self, *args, since=None, anchor=None, **options):
        checked, problems = verify(since=since, anchor_path=anchor)
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"audit trail: {len(problems)} problem(s) in {checked} entries")
        if options["verbosity"]:
            self.stdout.write(f"audit trail intact: {checked} entries")
