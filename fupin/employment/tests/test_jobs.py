"""The matching as a background job: stages, cancel between stages, scope, pages and API."""

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.employment import jobs, matching
from fupin.employment.models import MatchBatch, MatchProposal
from fupin.employment.services import matching_runs
from fupin.employment.tests.factories import LaborerFactory, VacancyFactory
from fupin.jobs import progress, runner
from fupin.jobs import services as job_services
from fupin.jobs.models import Job, JobStatus
from fupin.jobs.progress import JobCancelled, JobReporter
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_jobs(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def laborer_in(village, **kw):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)), **kw)


class RecordingReporter(JobReporter):
    """Keeps every stage it hears; asks for a cancel when it reaches `cancel_at`."""

    def __init__(self, job_id, cancel_at=None):
        super().__init__(job_id)
        self.heard = []
        self.cancel_at = cancel_at

    def progress(self, done, total=None, message=None, *, force=False):
        self.heard.append((done, total, str(message)))
        if done == self.cancel_at:
            progress.request_cancel_flag(self.job_id)
        super().progress(done, total, message, force=force)


def test_run_matching_reports_reading_scoring_solving_and_storing(town_user):
    laborer_in("440703101201")
    VacancyFactory(seats=1)
    reporter = RecordingReporter(None)

    batch = matching_runs.run_matching("440703101000", by=town_user, reporter=reporter)

    assert [done for done, _, _ in reporter.heard] == [0, 1, 2, 3, 4]
    assert {total for _, total, _ in reporter.heard} == {matching_runs.MATCHING_STAGES}
    messages = [m for _, _, m in reporter.heard]
    assert "读取" in messages[0] and "评分" in messages[1] and "求解" in messages[2]
    assert "保存推荐 1 对" in messages[3] and messages[4] == "匹配完成：推荐 1 对。"
    assert batch.proposals == 1


@pytest.mark.parametrize("stage", [1, 2, 3, 4])
def test_a_cancel_between_stages_leaves_no_batch_and_keeps_earlier_proposals(town_user, stage):
    laborer_in("440703101201")
    VacancyFactory(seats=1)
    earlier = matching_runs.run_matching("440703101000", by=town_user)
    job = job_services.create_job(by=town_user, kind=jobs.KIND, handler=jobs.HANDLER)

    with pytest.raises(JobCancelled):
        matching_runs.run_matching(
            "440703101000", by=town_user, reporter=RecordingReporter(job.pk, cancel_at=stage)
        )

    assert list(MatchBatch.objects.values_list("pk", flat=True)) == [earlier.pk]
    assert MatchProposal.objects.get().status == "proposed"  # not superseded by the cancelled run
    assert AuditEntry.objects.filter(action="employment.matchbatch.run").count() == 1


def test_a_matching_job_runs_to_the_batch_and_keeps_its_figures(town_user):
    laborer_in("440703101201")
    laborer_in("440703101202")
    VacancyFactory(seats=1)

    job = jobs.start_matching(by=town_user, scope_region="440703101000")

    job.refresh_from_db()
    batch = MatchBatch.objects.get()
    assert job.kind == "employment.matching" and job.region_code == "440703101000"
    assert job.status == JobStatus.SUCCEEDED and (job.done, job.total) == (4, 4)
    assert job.message == "匹配完成：推荐 1 对。"
    assert job.result["batch_id"] == batch.pk and job.result["proposals"] == 1
    assert job.result["laborers"] == 2 and job.user == town_user
    entry = AuditEntry.objects.get(action="employment.matchbatch.run")
    assert entry.target_id == str(batch.pk) and entry.region_code == "440703101000"


def test_a_matching_job_cancelled_while_solving_ends_cancelled_with_nothing_stored(town_user, monkeypatch):
    laborer_in("440703101201")
    VacancyFactory(seats=1)
    solve = matching.solve

    def cancel_then_solve(*args):
        progress.request_cancel_flag(Job.objects.get().pk)  # the user presses 取消任务 meanwhile
        return solve(*args)

    monkeypatch.setattr(matching, "solve", cancel_then_solve)

    job = jobs.start_matching(by=town_user, scope_region="440703101000")

    assert job.status == JobStatus.CANCELLED and job.done == 3
    assert not MatchBatch.objects.exists() and not MatchProposal.objects.exists()
    assert not AuditEntry.objects.filter(action="employment.matchbatch.run").exists()


def test_starting_a_matching_checks_permission_and_scope_before_any_job(village_user, town_user):
    with pytest.raises(NotAllowed):
        jobs.start_matching(by=village_user, scope_region="440703101201")
    with pytest.raises(OutOfScope):
        jobs.start_matching(by=town_user, scope_region="440703102000")
    with pytest.raises(DomainError):
        jobs.start_matching(by=town_user, scope_region="棠下镇")
    assert not Job.objects.exists()


def test_a_scope_already_being_matched_is_not_started_twice(town_user, district_user):
    running = job_services.create_job(
        by=district_user, kind=jobs.KIND, handler=jobs.HANDLER, region_code="440703101000"
    )
    with pytest.raises(DomainError, match=f"任务 #{running.pk}"):
        jobs.start_matching(by=town_user, scope_region="440703101")
    Job.objects.filter(pk=running.pk).update(status=JobStatus.SUCCEEDED)
    assert jobs.start_matching(by=town_user, scope_region="440703101").status == JobStatus.SUCCEEDED


def test_a_job_whose_starter_was_deleted_fails_with_a_message(town_user):
    job = job_services.create_job(
        by=None, kind=jobs.KIND, handler=jobs.HANDLER, params={"scope": "440703101"}
    )
    runner.submit(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "发起人" in job.message
    assert not MatchBatch.objects.exists()


def test_the_run_button_shows_the_job_page_which_links_to_the_proposals(client, town_user):
    laborer_in("440703101201")
    VacancyFactory(seats=1)
    client.force_login(town_user)

    response = client.post(reverse("employment:match_run"), {"region": "440703101000"})

    job = Job.objects.get()
    assert response["Location"] == reverse("employment:match_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    batch = MatchBatch.objects.get()
    assert 'data-status="succeeded"' in page and "匹配完成：推荐 1 对。" in page
    assert f'id="open-proposals" href="{reverse("employment:batch_detail", args=[batch.pk])}"' in page
    home = client.get(reverse("employment:match_home")).content.decode()
    assert reverse("employment:match_job", args=[job.pk]) in home


def test_a_running_job_page_polls_its_progress_and_offers_cancel(client, town_user):
    job = job_services.create_job(
        by=town_user, kind=jobs.KIND, handler=jobs.HANDLER, region_code="440703101000"
    )
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    progress.JobReporter(job.pk).progress(2, 4, "正在求解最优方案：可匹配组合 7 对…", force=True)
    client.force_login(town_user)

    page = client.get(reverse("employment:match_job", args=[job.pk])).content.decode()

    assert reverse("jobs:job_progress", args=[job.pk]) in page and 'hx-trigger="every 1s"' in page
    assert "2 / 4" in page and "可匹配组合 7 对" in page
    assert reverse("jobs:job_cancel", args=[job.pk]) in page
    assert 'id="open-proposals"' not in page


def test_someone_elses_matching_job_is_not_found(client, town_user, district_user):
    job = job_services.create_job(by=district_user, kind=jobs.KIND, handler=jobs.HANDLER)
    client.force_login(town_user)
    assert client.get(reverse("employment:match_job", args=[job.pk])).status_code == 404
    assert client.get(f"/api/v1/employment/match-batches/runs/{job.pk}/").status_code == 404


def test_a_failed_start_on_the_page_says_why_and_starts_nothing(client, town_user, district_user):
    job_services.create_job(
        by=district_user, kind=jobs.KIND, handler=jobs.HANDLER, region_code="440703101000"
    )
    client.force_login(town_user)
    response = client.post(reverse("employment:match_run"), {"region": "440703101000"}, follow=True)
    assert "该范围的匹配正在运行" in response.content.decode()
    assert Job.objects.count() == 1


def test_the_api_starts_a_job_and_follows_it_to_the_batch(client, town_user):
    laborer_in("440703101201")
    VacancyFactory(seats=1)
    client.force_login(town_user)

    started = client.post(
        "/api/v1/employment/match-batches/", {"region_code": "440703101"}, content_type="application/json"
    )

    assert started.status_code == 202
    data = started.json()
    job = Job.objects.get()
    assert data["job"] == job.pk and data["status"] == "succeeded"
    assert data["batch"]["id"] == MatchBatch.objects.get().pk and data["batch"]["proposals"] == 1
    assert data["url"].endswith(f"/api/v1/employment/match-batches/runs/{job.pk}/")
    assert data["page"].endswith(reverse("employment:match_job", args=[job.pk]))
    followed = client.get(data["url"]).json()
    assert followed["status"] == "succeeded" and followed["batch"]["id"] == data["batch"]["id"]
    assert (followed["done"], followed["total"]) == (4, 4)


def test_the_api_refuses_a_scope_out_of_reach_without_a_job(client, town_user):
    client.force_login(town_user)
    response = client.post(
        "/api/v1/employment/match-batches/", {"region_code": "440703102"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Job.objects.exists()
