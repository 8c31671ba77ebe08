"""A town clerk uploads a file with errors, reads the row messages, downloads the error file and cancels;
then uploads a good file, confirms, watches the progress bar to the end and finds the households."""

import openpyxl
import pytest

from e2e.conftest import login
from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.registry.tests.import_files import household_rows, write_xlsx

PASSWORD = "Fupin-Test-2020"


def wait_finished(page):
    page.wait_for_selector(
        ".job-progress[data-status=succeeded], .job-progress[data-status=failed]", timeout=60000
    )


@pytest.mark.django_db(transaction=True)
def test_clerk_previews_errors_cancels_then_imports_a_good_file(page, villages, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    make_user(Role.TOWN_GROUP, "440703101000", username="clerk")
    bad_rows = household_rows(3, 2, prefix="B")
    bad_rows[3][8] = "很能干"
    bad = write_xlsx(tmp_path / "有错误.xlsx", bad_rows, above=[["棠下镇贫困户花名册"]])
    good = write_xlsx(tmp_path / "花名册.xlsx", household_rows(300, 3, prefix="G"))

    login(page, "clerk", PASSWORD)
    page.goto(page.base_url + "/households/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("form.form-grid button[type=submit]")
    wait_finished(page)
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "劳动能力" in errors.inner_text()
    assert "6" in errors.locator("tbody tr").first.inner_text()  # Excel row 6: title, header, then rows
    assert page.locator("[data-role=commit]").count() == 0

    with page.expect_download() as download_info:
        page.click("[data-role=error-file]")
    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as handle:
        workbook = openpyxl.load_workbook(handle)
    assert "劳动能力" in workbook.active["A6"].value

    page.click("[data-role=abandon]")
    page.wait_for_url("**/households/import/")

    page.set_input_files("input[type=file]", str(good))
    page.click("form.form-grid button[type=submit]")
    wait_finished(page)
    assert page.locator("[data-count=households-created]").inner_text() == "300"
    page.click("[data-role=commit]")
    page.wait_for_selector(".job-progress .progress")
    wait_finished(page)
    assert page.locator(".job-progress").get_attribute("data-status") == "succeeded"
    assert page.locator(".progress [style]").get_attribute("style").replace(" ", "") == "width:100%"
    assert page.locator("[data-count=members-created]").inner_text() == "900"

    page.get_by_role("link", name="查看贫困户").click()
    page.wait_for_url("**/households/")
    assert "G00000001" in page.content()
