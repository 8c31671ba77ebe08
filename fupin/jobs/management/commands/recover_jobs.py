from django.core.management.base import BaseCommand

from fupin.jobs.services import recover_dead_jobs


class Command(BaseCommand):
    help = "Mark jobs left 'running' by a dead process as failed (run before serving)."

    def handle(self, *args, **options):
        recovered = recover_dead_jobs()
        self.stdout.write(f"recovered {len(recovered)} job(s)" + (f": {recovered}" if recovered else ""))
