"""The cooperation pages and API: open for the city and the county, the county sees only its own county, the
page actions go through the services, the assessment table in the assessors' form (xlsx, print, PDF)."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.cooperation.choices import EntryStatus
from fupin.cooperation.models import Indicator, IndicatorEntry
from fupin.cooperation.tests.factories import (
    ExitCriterionFactory,
    IndicatorEntryFactory,
    IndicatorFactory,
    PairingFactory,
)

pytestmark = pytest.mark.django_db
LONGZHOU, JIANGHAI = "451423000000", "440704000000"
PAGES = [
    "cooperation:home",
    "cooperation:indicator_list",
    "cooperation:entry_list",
    "cooperation:pairing_list",
    "cooperation:exit_checklist",
    "cooperation:assessment",
]


@pytest.fixture
def records(villages):
    tiandeng = IndicatorFactory(name="选派党政干部挂职（人）")
    longzhou = IndicatorFactory(name="龙州专业技术人才", region_code=LONGZHOU, helper_code=JIANGHAI)
    PairingFactory()
    PairingFactory(region_code=LONGZHOU, helper_code=JIANGHAI, helper_unit="江海区", stage="exited")
    ExitCriterionFactory()
    entry = IndicatorEntryFactory(indicator=tiandeng, status=EntryStatus.SUBMITTED)
    return {"tiandeng": tiandeng, "longzhou": longzhou, "entry": entry}


@pytest.mark.parametrize("persona", ["city_user", "district_user", "counterpart_user"])
def test_cooperation_pages_open_for_the_city_a_district_and_the_county(client, records, persona, request):
    client.force_login(request.getfixturevalue(persona))

    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    assert (
        client.get(reverse("cooperation:indicator_detail", args=[records["tiandeng"].pk])).status_code == 200
    )
    assert client.get(reverse("cooperation:entry_detail", args=[records["entry"].pk])).status_code == 200
    for name in ("cooperation:indicator_list", "cooperation:entry_list", "cooperation:pairing_list"):
        exported = client.get(reverse(name), {"export": "xlsx", "sort": "-region_code"})
        assert exported.status_code == 200 and "spreadsheetml" in exported["Content-Type"], name


def test_pages_need_the_permission(client, records, village_user):
    client.force_login(village_user)

    assert client.get(reverse("cooperation:home")).status_code == 403
    assert (
        client.get(reverse("cooperation:indicator_detail", args=[records["tiandeng"].pk])).status_code == 403
    )


def test_a_county_office_sees_only_its_own_county(client, records, counterpart_user):
    client.force_login(counterpart_user)

    board = client.get(reverse("cooperation:home")).content.decode()
    listing = client.get(reverse("cooperation:indicator_list")).content.decode()
    assert "选派党政干部挂职（人）" in board and "龙州专业技术人才" not in board
    assert "龙州专业技术人才" not in listing
    assert (
        client.get(reverse("cooperation:indicator_detail", args=[records["longzhou"].pk])).status_code == 404
    )


def test_the_county_confirms_a_figure_and_enters_a_month_through_the_page(client, records, counterpart_user):
    figure = IndicatorFactory(name="帮助贫困劳动力转移就业（人）", rule="placed", area="labour")
    client.force_login(counterpart_user)
    url = reverse("cooperation:indicator_detail", args=[figure.pk])

    client.post(url, {"action": "confirm", "version": figure.version})
    figure.refresh_from_db()
    assert figure.confirmed_on is not None

    cadres = records["tiandeng"]
    page = reverse("cooperation:indicator_detail", args=[cadres.pk])
    answer = client.post(page, {"action": "enter", "month": "2020-07", "value": "1", "evidence": "挂职文件"})
    entry = IndicatorEntry.objects.get(indicator=cadres, month=datetime.date(2020, 7, 1))
    assert answer.url == reverse("cooperation:entry_detail", args=[entry.pk])
    client.post(answer.url, {"version": entry.version, "move": "submit"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_the_city_approves_an_entry_through_the_page(client, records, city_user):
    entry = records["entry"]
    client.force_login(city_user)

    client.post(
        reverse("cooperation:entry_detail", args=[entry.pk]), {"version": entry.version, "move": "approve"}
    )

    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED


def test_the_city_creates_an_indicator_and_a_pairing(client, villages, city_user):
    client.force_login(city_user)
    client.post(
        reverse("cooperation:indicator_create"),
        {
            "region_code": "451425000000", "helper_code": "440703000000", "year": 2020, "area": "talent",
            "name": "选派教师支教（人）", "unit": "人", "target": "5", "deadline": "2020-12-31", "rule": "entered",
            "responsible": "市教育局",
        },
    )  # fmt: skip
    client.post(
        reverse("cooperation:pairing_create"),
        {
            "kind": "enterprise", "region_code": "451425100201", "helper_code": "440703000000",
            "helper_unit": "蓬江区", "enterprise": "江门市恒达食品有限公司", "gift": "50000", "year": 2020,
        },
    )  # fmt: skip

    assert Indicator.objects.filter(name="选派教师支教（人）").exists()
    assert (
        client.get(reverse("cooperation:pairing_list")).content.decode().count("江门市恒达食品有限公司") == 1
    )


def _assessment(client):
    response = client.get(reverse("cooperation:assessment"), {"export": "xlsx"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_assessment_table_has_a_sheet_per_county_with_merged_headers_and_the_figures(
    client, records, city_user
):
    IndicatorEntryFactory(indicator=records["tiandeng"], month=datetime.date(2020, 8, 1), status="approved")
    client.force_login(city_user)

    book = openpyxl.load_workbook(io.BytesIO(_assessment(client)))

    assert book.sheetnames == ["龙州县", "天等县"]
    sheet = book["天等县"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:L1", "A3:D3", "E3:G3", "H3:J3", "K3:L3"} <= merged
    assert sheet["A3"].value == "协议指标" and sheet["C4"].value == "指标"
    assert sheet["C5"].value == "选派党政干部挂职（人）"
    assert sheet["E5"].value == 3 and sheet["I5"].value == 1  # target 3, one approved entry counts


def test_the_assessment_table_opens_in_libreoffice_with_the_figures(client, records, city_user, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    IndicatorEntryFactory(indicator=records["tiandeng"], month=datetime.date(2020, 8, 1), status="approved")
    client.force_login(city_user)
    source = tmp_path / "assessment.xlsx"
    source.write_bytes(_assessment(client))

    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
         "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip

    book = openpyxl.load_workbook(tmp_path / "out" / "assessment.xlsx")
    sheet = book["天等县"]
    assert sheet["C5"].value == "选派党政干部挂职（人）"
    assert sheet["E5"].value == 3 and sheet["I5"].value == 1
    assert "A3:D3" in {str(r) for r in sheet.merged_cells.ranges}


def test_the_assessment_prints_and_exports_as_pdf(client, records, city_user):
    client.force_login(city_user)

    page = client.get(reverse("cooperation:assessment")).content.decode()
    pdf = client.get(reverse("cooperation:assessment"), {"export": "pdf"})

    assert "选派党政干部挂职（人）" in page and "data-print" in page
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_failed_exit_check_through_the_page_opens_a_ledger_item(client, records, counterpart_user):
    criterion = ExitCriterionFactory(kind="satisfaction", threshold=Decimal(90))
    client.force_login(counterpart_user)

    client.post(
        reverse("cooperation:criterion_check", args=[criterion.pk]),
        {"version": criterion.version, "figure": "80", "evidence": "满意度调查报告"},
    )

    criterion.refresh_from_db()
    assert criterion.status == "failed" and criterion.ledger_item_id


# --- API ----------------------------------------------------------------------------------------------


def test_the_api_reads_and_acts_like_the_pages(client, records, counterpart_user, city_user):
    client.force_login(counterpart_user)
    listed = client.get("/api/v1/cooperation/indicators/").json()
    assert [i["name"] for i in listed["results"]] == ["选派党政干部挂职（人）"]
    tiandeng = records["tiandeng"]
    reading = client.get(f"/api/v1/cooperation/indicators/{tiandeng.pk}/reading/").json()
    assert reading["light"] in {"red", "amber", "green"} and reading["confirm"] == "none"
    made = client.post(
        f"/api/v1/cooperation/indicators/{tiandeng.pk}/entries/",
        {"month": "2020-09-01", "value": "1", "evidence": "挂职文件"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    entry = made.json()
    moved = client.post(
        f"/api/v1/cooperation/entries/{entry['id']}/move/",
        {"version": entry["version"], "action": "submit"},
        content_type="application/json",
    )
    assert moved.json()["status"] == "submitted"
    refused = client.post(
        f"/api/v1/cooperation/entries/{entry['id']}/move/",
        {"version": moved.json()["version"], "action": "approve"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert client.get(f"/api/v1/cooperation/indicators/{records['longzhou'].pk}/").status_code == 404

    client.force_login(city_user)
    approved = client.post(
        f"/api/v1/cooperation/entries/{entry['id']}/move/",
        {"version": moved.json()["version"], "action": "approve"},
        content_type="application/json",
    )
    assert approved.json()["status"] == "approved"
    assert client.get("/api/v1/cooperation/indicators/", {"ordering": "nope"}).status_code == 400


def test_another_countys_office_reads_nothing_of_tiandeng_in_the_api(client, records):
    longzhou = make_user(Role.PAIRED_COUNTERPART, LONGZHOU, username="longzhou")
    client.force_login(longzhou)

    names = [i["name"] for i in client.get("/api/v1/cooperation/indicators/").json()["results"]]

    assert names == ["龙州专业技术人才"]
    assert client.get(f"/api/v1/cooperation/entries/{records['entry'].pk}/").status_code == 404


def test_an_indicator_shows_the_records_behind_its_figure(client, records, counterpart_user):
    from fupin.employment.tests.factories import EnterpriseFactory
    from fupin.industry.tests.factories import ProjectFactory

    ProjectFactory(
        name="天等指天椒加工厂",
        region_code="451425100000",
        status="approved",
        operator=EnterpriseFactory(region_code="440703101000", name="江门市恒达食品有限公司"),
    )
    ProjectFactory(name="本地合作社项目", region_code="451425100000", status="approved")  # a local operator
    PairingFactory(kind="enterprise", region_code="451425100201", enterprise="五邑建材有限公司")
    projects = IndicatorFactory(name="引导江门企业到县投资产业项目（个）", rule="projects", area="industry")
    pairs = IndicatorFactory(name="百企联百村结对（对）", rule="enterprise_pairs", area="together")
    client.force_login(counterpart_user)

    page = client.get(reverse("cooperation:indicator_detail", args=[projects.pk])).content.decode()
    assert "天等指天椒加工厂" in page and "本地合作社项目" not in page
    page = client.get(reverse("cooperation:indicator_detail", args=[pairs.pk])).content.decode()
    assert "五邑建材有限公司" in page


def test_the_city_edits_an_indicator_and_a_pairing_with_audit(client, records, city_user, counterpart_user):
    from fupin.audit.models import AuditEntry
    from fupin.cooperation.models import Pairing

    indicator, pairing = records["tiandeng"], Pairing.objects.filter(region_code="451425000000").get()
    client.force_login(city_user)
    client.post(
        reverse("cooperation:indicator_edit", args=[indicator.pk]),
        {"version": indicator.version, "name": indicator.name, "unit": "人", "target": "4",
         "deadline": "2020-11-30", "responsible": "市委组织部"},
    )  # fmt: skip
    client.post(
        reverse("cooperation:pairing_edit", args=[pairing.pk]),
        {"version": pairing.version, "helper_unit": "蓬江区", "gift": "120000", "gift_note": "产业帮扶资金"},
    )

    indicator.refresh_from_db()
    pairing.refresh_from_db()
    assert (indicator.target, indicator.deadline) == (4, datetime.date(2020, 11, 30))
    assert pairing.gift == 120000
    assert AuditEntry.objects.filter(action="cooperation.indicator.updated").exists()
    assert AuditEntry.objects.filter(action="cooperation.pairing.updated").exists()
    client.force_login(counterpart_user)
    assert client.get(reverse("cooperation:indicator_edit", args=[indicator.pk])).status_code == 403


@pytest.mark.parametrize(
    ("name", "filename", "action"),
    [
        ("indicator_list", "cooperation-indicators", "cooperation.indicator.exported"),
        ("entry_list", "cooperation-entries", "cooperation.indicatorentry.exported"),
        ("pairing_list", "cooperation-pairings", "cooperation.pairing.exported"),
    ],
)
def test_each_list_exports_under_its_own_file_name_and_audit_code(
    name, filename, action, client, records, city_user
):
    client.force_login(city_user)

    answer = client.get(reverse(f"cooperation:{name}"), {"export": "csv"})

    assert answer.status_code == 200
    assert f'filename="{filename}-' in answer["Content-Disposition"]
    assert AuditEntry.objects.filter(action=action).count() == 1
