"""Uploaded import files: refused files end the command with its JSON; uploads deleted when their job ends;
error files kept sealed for IMPORT_ERROR_FILE_DAYS; purge_uploads."""

import io
import json
import os
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from fupin.core.tests.hostile_files import sparse_xlsx, zip_bomb_xlsx
from fupin.jobs.models import Job, JobStatus
from fupin.registry.importing.running import error_files_dir, imports_dir, keep_file
from fupin.registry.models import Household, Member
from fupin.registry.tests.import_files import household_rows, write_xlsx

DAY = 86400


@pytest.fixture(autouse=True)
def chinese():
    """The messages are matched in Chinese, whatever language an earlier test left active."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "sparse": (sparse_xlsx(folder / "sparse.xlsx"), "A1:XFD1048576 超出上限"),
        "bomb": (zip_bomb_xlsx(folder / "bomb.xlsx", megabytes=150), "疑似压缩炸弹"),
    }


def run(*args):
    out = io.StringIO()
    code = 0
    try:
        call_command("import_households", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def kept_uploads():
    return list(imports_dir().iterdir())


def upload(client, path):
    with open(path, "rb") as handle:
        return client.post(
            reverse("registry:import_start"), {"file": SimpleUploadedFile(path.name, handle.read())}
        )


@pytest.mark.parametrize("kind", ["sparse", "bomb"])
def test_the_command_on_a_hostile_file_ends_with_its_json_and_the_refusal_as_a_file_error(
    villages, hostile, kind
):
    path, message = hostile[kind]

    code, out = run(str(path), "--json")

    data = json.loads(out)
    assert code == 1
    assert data["committed"] is False
    [error] = data["errors"]
    assert error["row"] == 0 and error["sheet"] == "" and message in error["message"]
    assert Household.objects.count() == 0 and Member.objects.count() == 0
    assert kept_uploads() == []


def test_the_command_keeps_no_copy_of_the_file_it_imported(villages, tmp_path):
    code, _out = run(str(write_xlsx(tmp_path / "a.xlsx", household_rows(1, 1))), "--json")

    assert code == 0 and Household.objects.count() == 1
    assert kept_uploads() == []


def test_a_committed_import_deletes_its_upload(client, town_user, tmp_path):
    client.force_login(town_user)
    preview = Job.objects.get(pk=_preview(client, tmp_path / "good.xlsx", household_rows(1, 1)))
    assert len(kept_uploads()) == 1  # a clean preview waits for its commit

    client.post(reverse("registry:import_commit", args=[preview.pk]))

    assert Household.objects.count() == 1
    assert kept_uploads() == []


def test_a_preview_with_errors_deletes_the_upload_and_keeps_the_error_file_sealed(
    client, town_user, tmp_path
):
    rows = household_rows(1, 1)
    rows[0][8] = "???"
    client.force_login(town_user)
    job = Job.objects.get(pk=_preview(client, tmp_path / "bad.xlsx", rows))

    assert kept_uploads() == []
    [sealed] = error_files_dir().iterdir()
    assert not sealed.read_bytes().startswith(b"PK")  # not an xlsx in clear
    response = client.get(reverse("registry:import_errors", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "劳动能力" in workbook.active["A2"].value


def test_an_error_file_older_than_the_kept_days_is_not_served(client, town_user, tmp_path, settings):
    rows = household_rows(1, 1)
    rows[0][8] = "???"
    client.force_login(town_user)
    job = Job.objects.get(pk=_preview(client, tmp_path / "bad.xlsx", rows))
    [sealed] = error_files_dir().iterdir()
    old = time.time() - (settings.IMPORT_ERROR_FILE_DAYS + 1) * DAY
    os.utime(sealed, (old, old))

    assert client.get(reverse("registry:import_errors", args=[job.pk])).status_code == 404


def test_abandoning_a_preview_deletes_its_upload(client, town_user, tmp_path):
    client.force_login(town_user)
    preview = _preview(client, tmp_path / "good.xlsx", household_rows(1, 1))

    client.post(reverse("registry:import_cancel", args=[preview]))

    assert kept_uploads() == []


def test_a_failed_import_deletes_its_upload(client, town_user, tmp_path, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("fupin.registry.importing.running.build_plan", explode)
    client.force_login(town_user)
    job = Job.objects.get(pk=_preview(client, tmp_path / "good.xlsx", household_rows(1, 1)))

    assert job.status == JobStatus.FAILED
    assert kept_uploads() == []


def test_a_hostile_file_is_refused_on_the_upload_page_before_any_job(client, village_user, hostile):
    client.force_login(village_user)

    response = upload(client, hostile["sparse"][0])

    assert response.status_code == 200 and "A1:XFD1048576" in response.content.decode()
    assert Job.objects.count() == 0 and kept_uploads() == []


def test_purge_uploads_deletes_stale_uploads_and_expired_error_files_only(villages, tmp_path, settings):
    source = write_xlsx(tmp_path / "a.xlsx", household_rows(1, 1))
    stale, _digest = keep_file(source, "stale.xlsx")
    in_use, _digest = keep_file(source, "running.xlsx")
    fresh, _digest = keep_file(source, "fresh.xlsx")
    Job.objects.create(kind="registry.import", handler="x", params={"path": str(in_use)}, status="running")
    expired, recent = error_files_dir() / "1.xlsx.sealed", error_files_dir() / "2.xlsx.sealed"
    expired.write_bytes(b"x")
    recent.write_bytes(b"x")
    long_ago = time.time() - (settings.IMPORT_ERROR_FILE_DAYS + 1) * DAY
    for path in (stale.parent, in_use.parent, expired):
        os.utime(path, (long_ago, long_ago))
    out = io.StringIO()

    call_command("purge_uploads", stdout=out)

    assert sorted(p.name for p in imports_dir().iterdir()) == sorted([in_use.parent.name, fresh.parent.name])
    assert [p.name for p in error_files_dir().iterdir()] == ["2.xlsx.sealed"]
    assert "deleted 1 upload(s) and 1 error file(s)" in out.getvalue()


def _preview(client, path, rows):
    response = upload(client, write_xlsx(path, rows))
    return int(response["Location"].rstrip("/").split("/")[-1])
