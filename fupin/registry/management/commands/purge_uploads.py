"""python manage.py purge_uploads: delete stale import uploads and expired error files (run it daily)."""

from django.core.management.base import BaseCommand

from fupin.registry.importing.running import purge_stale_uploads


class Command(BaseCommand):
    help = (
        "Delete kept import uploads older than IMPORT_UPLOAD_KEEP_HOURS that no unfinished job reads, "
        "and sealed error files older than IMPORT_ERROR_FILE_DAYS."
    )

    def handle(self, *args, **options):
        uploads, error_files = purge_stale_uploads()
        self.stdout.write(f"deleted {uploads} upload(s) and {error_files} error file(s)")
