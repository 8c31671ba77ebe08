"""Import pages: permission, upload -> preview job -> commit job, error file, template, cancel."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.jobs.models import Job, JobStatus
from fupin.registry.models import Household
from fupin.registry.tests.import_files import household_rows, write_xlsx


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def upload(client, path):
    with open(path, "rb") as handle:
        return client.post(
            reverse("registry:import_start"), {"file": SimpleUploadedFile(path.name, handle.read())}
        )


def test_import_page_needs_the_import_permission(client, department_user, town_user):
    client.force_login(department_user)
    assert client.get(reverse("registry:import_start")).status_code == 403
    client.force_login(town_user)
    assert client.get(reverse("registry:import_start")).status_code == 200


def test_upload_shows_a_preview_then_commit_writes(client, town_user, tmp_path):
    client.force_login(town_user)
    response = upload(client, write_xlsx(tmp_path / "good.xlsx", household_rows(2, 2)))
    preview = Job.objects.get()
    assert response["Location"] == reverse("registry:import_detail", args=[preview.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="members-created">4<' in page
    assert 'data-role="commit"' in page
    assert Household.objects.count() == 0

    response = client.post(reverse("registry:import_commit", args=[preview.pk]))

    job = Job.objects.exclude(pk=preview.pk).get()
    assert job.status == JobStatus.SUCCEEDED and job.result["committed"] is True
    assert Household.objects.count() == 2
    assert job.params["sha256"] == preview.params["sha256"]


def test_preview_with_errors_lists_them_and_offers_the_error_file_but_no_commit(client, town_user, tmp_path):
    rows = household_rows(2, 1)
    rows[1][8] = "???"
    client.force_login(town_user)
    response = upload(client, write_xlsx(tmp_path / "bad.xlsx", rows))

    page = client.get(response["Location"]).content.decode()
    job = Job.objects.get()

    assert "劳动能力" in page and "代码表" in page
    assert 'data-role="commit"' not in page
    assert client.post(reverse("registry:import_commit", args=[job.pk])).status_code == 302
    assert Job.objects.count() == 1
    error_file = client.get(reverse("registry:import_errors", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(error_file.streaming_content)))
    assert "劳动能力" in workbook.active["A3"].value


def test_another_users_import_is_not_found(client, town_user, other_town_user, tmp_path):
    client.force_login(town_user)
    upload(client, write_xlsx(tmp_path / "good.xlsx", household_rows(1, 1)))
    job = Job.objects.get()

    client.force_login(other_town_user)

    assert client.get(reverse("registry:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("registry:import_commit", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:import_errors", args=[job.pk])).status_code == 404


def test_abandoning_a_preview_returns_to_the_upload_page(client, town_user, tmp_path):
    client.force_login(town_user)
    response = upload(client, write_xlsx(tmp_path / "good.xlsx", household_rows(1, 1)))
    job = Job.objects.get()

    response = client.post(reverse("registry:import_cancel", args=[job.pk]))

    assert response["Location"] == reverse("registry:import_start")
    assert Household.objects.count() == 0


def test_wrong_file_type_is_refused(client, town_user):
    client.force_login(town_user)

    response = client.post(reverse("registry:import_start"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")})

    assert response.status_code == 200
    assert Job.objects.count() == 0


def test_template_has_header_notes_row_and_drop_downs_and_imports_cleanly(client, town_user, tmp_path):
    client.force_login(town_user)

    response = client.get(reverse("registry:import_template"))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["贫困户"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["户编号", "村区划代码", "住址"]
    assert "必填" in sheet["A2"].value
    validations = sheet.data_validations.dataValidation
    assert any(v.formula1.startswith("代码表!") for v in validations)
    column = {h: i for i, h in enumerate(headers)}
    values = {
        "户编号": "T1",
        "村区划代码": "440703101201",
        "主要致贫原因": "因病",
        "识别年度": 2016,
        "姓名": "张三",
        "公民身份号码": household_rows(1, 1)[0][6],
        "与户主关系": "户主",
        "劳动能力": "普通劳动力",
    }
    for name, value in values.items():
        sheet.cell(row=3, column=column[name] + 1, value=value)
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    from fupin.registry.importing.running import import_file

    result = import_file(path, by=town_user, dry_run=False)
    assert result["errors"] == []
    assert Household.objects.get().number == "T1"


def test_history_pages_show_the_import_that_created_the_records(client, town_user, tmp_path):
    from fupin.registry.importing.running import import_file

    rows = household_rows(1, 2)
    import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=False, source="import:9")
    member = Household.objects.get().members.with_id_number(rows[1][6]).get()
    client.force_login(town_user)

    detail = client.get(reverse("registry:household_detail", args=[member.household_id])).content.decode()
    assert reverse("registry:member_history", args=[member.pk]) in detail
    for url in (
        reverse("registry:household_history", args=[member.household_id]),
        reverse("registry:member_history", args=[member.pk]),
    ):
        page = client.get(url).content.decode()
        assert "导入新增" in page and "测试一村" in page and "import:9" in page and "a.xlsx" in page
        assert "新增户数" in page and "新增人数" in page
        assert rows[1][6] not in page


def test_a_members_history_page_is_not_found_outside_the_users_region(client, other_village_user, tmp_path):
    from fupin.registry.importing.running import import_file

    import_file(write_xlsx(tmp_path / "a.xlsx", household_rows(1, 1)), by=None, dry_run=False)
    member = Household.objects.get().members.get()
    client.force_login(other_village_user)

    assert client.get(reverse("registry:member_history", args=[member.pk])).status_code == 404
