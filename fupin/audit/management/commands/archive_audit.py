from django.core.management.base import BaseCommand, CommandError

from fupin.audit.archiving import ArchiveError, archive


class Command(BaseCommand):
    help = (
        "Move audit entries older than AUDIT_RETENTION_DAYS (at least 180) to a compressed JSON Lines file "
        "under AUDIT_ARCHIVE_DIR, with its SHA-256 and the chain heads; deleted only once the file verifies."
    )

    def handle(self, *args, **options):
        try:
            manifest = archive()
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        if not options["verbosity"]:
            return
        if manifest is None:
            self.stdout.write("nothing older than the retention period")
        else:
            self.stdout.write(
                f"archived {manifest['count']} entries of {len(manifest['chains'])} chain(s) before "
                f"{manifest['cut']} to {manifest['file']} (sha256 {manifest['sha256']})"
            )
