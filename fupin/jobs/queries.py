"""Reading jobs: the one a user follows, with the progress its worker published."""

from fupin.core.errors import OutOfScope
from fupin.jobs import services
from fupin.jobs.models import Job


def job_for(user, pk, *, kind=None) -> Job:
    """A job the user started (of `kind`, when given), with its live progress; one a dead worker left running
    is recovered first. OutOfScope (a 404) for anyone else's job."""
    jobs = Job.objects.owned_by(user)
    job = (jobs.filter(kind=kind) if kind else jobs).filter(pk=pk).first()
    if job is None:
        raise OutOfScope()
    if services.is_orphaned(job):
        services.recover_dead_jobs()
        job.refresh_from_db()
    return services.live_state(job)
