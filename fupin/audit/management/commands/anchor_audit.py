from django.core.management.base import BaseCommand

from fupin.audit.verifying import write_anchor


class Command(BaseCommand):
    help = (
        "Append the heads of the audit chains that moved since the last anchor to the anchor file "
        "(AUDIT_ANCHOR_DIR: put it on another host or WORM storage). Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="the anchor file (default: AUDIT_ANCHOR_DIR/anchors.jsonl)")

    def handle(self, *args, file=None, **options):
        record = write_anchor(file)
        if options["verbosity"]:
            self.stdout.write(f"anchored {len(record['heads'])} chain head(s); combined {record['combined']}")
