"""`manage.py import_households PATH [--user] [--dry-run] [--json]`: output, exit codes, the job behind it."""

import io
import json

import pytest
from django.core.management import call_command

from fupin.jobs.models import Job, JobStatus
from fupin.registry.models import Household, Member
from fupin.registry.tests.import_files import household_rows, write_csv


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def run(*args):
    out = io.StringIO()
    code = 0
    try:
        call_command("import_households", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def test_json_output_of_a_commit_has_exactly_the_documented_shape(villages, tmp_path):
    path = write_csv(tmp_path / "a.csv", household_rows(2, 2))

    code, out = run(str(path), "--json")

    data = json.loads(out)
    assert code == 0
    assert set(data) == {"households", "members", "errors", "warnings", "committed"}
    assert data["households"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert data["members"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert data["committed"] is True
    assert Member.objects.count() == 4
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.kind == "registry.import"


def test_dry_run_with_errors_exits_1_and_lists_each_error(villages, tmp_path):
    rows = household_rows(2, 2)
    rows[2][2] = "不详"
    path = write_csv(tmp_path / "a.csv", rows)

    code, out = run(str(path), "--dry-run", "--json")

    data = json.loads(out)
    assert code == 1
    assert data["committed"] is False
    assert data["errors"] == [
        {"sheet": "a", "row": 4, "column": "主要致贫原因", "message": data["errors"][0]["message"]}
    ]
    assert Household.objects.count() == 0


def test_clean_dry_run_exits_0_without_writing(villages, tmp_path):
    code, out = run(str(write_csv(tmp_path / "a.csv", household_rows(1, 2))), "--dry-run", "--json")

    assert code == 0
    assert json.loads(out)["committed"] is False
    assert Household.objects.count() == 0


def test_user_option_limits_the_import_to_that_users_scope(village_user, tmp_path):
    path = write_csv(tmp_path / "a.csv", household_rows(1, 1, village="440703102201"))

    code, out = run(str(path), "--user", village_user.username, "--json")

    assert code == 1
    assert "不在您的管辖范围内" in json.loads(out)["errors"][0]["message"]


def test_plain_output_is_one_summary_line(villages, tmp_path):
    code, out = run(str(write_csv(tmp_path / "a.csv", household_rows(1, 1))))

    assert code == 0
    assert "households created 1" in out and "committed" in out
