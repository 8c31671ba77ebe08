"""Pages and API of the employment app: permissions, scope, filters, export, the board."""

import pytest
from django.urls import reverse

from fupin.employment.models import MatchBatch, MatchProposal, Referral
from fupin.employment.tests.factories import EnterpriseFactory, LaborerFactory, VacancyFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Fupin-Test-2020"


def laborer_in(village, **kw):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)), **kw)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


LIST_PAGES = [
    "home",
    "laborer_list",
    "survey_list",
    "enterprise_list",
    "vacancy_list",
    "workshop_list",
    "match_home",
    "referral_list",
    "post_list",
    "subsidy_list",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_page_opens_for_a_town_cadre_and_is_refused_without_the_permission(
    name, login, town_user, auditor_user, client
):
    assert login(town_user).get(reverse(f"employment:{name}")).status_code == 200
    client.logout()
    assert client.get(reverse(f"employment:{name}")).status_code == 302  # anonymous → login
    assert login(auditor_user).get(reverse(f"employment:{name}")).status_code == 403


def test_laborer_list_shows_only_the_scope_and_filters(login, town_user):
    laborer_in("440703101201", name="甲")
    laborer_in("440703102201", name="乙")  # other town
    page = login(town_user).get(reverse("employment:laborer_list")).content.decode()
    assert "甲" in page and "乙" not in page
    filtered = (
        login(town_user).get(reverse("employment:laborer_list") + "?work_status=on_post").content.decode()
    )
    assert "甲" not in filtered


def test_detail_of_another_town_is_not_found(login, town_user):
    other = laborer_in("440703102201")
    assert login(town_user).get(reverse("employment:laborer_detail", args=[other.pk])).status_code == 404


def test_export_is_an_audited_xlsx(login, town_user):
    from fupin.audit.models import AuditEntry

    laborer_in("440703101201")
    response = login(town_user).get(reverse("employment:laborer_list") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="employment.laborer.exported").exists()


def test_enterprise_form_shows_the_credit_code_message(login, town_user):
    response = login(town_user).post(
        reverse("employment:enterprise_create"),
        {
            "name": "某厂",
            "credit_code": "91440703MA4UABCD1X",
            "region_code": "440703101000",
            "industry": "C",
            "resumption": "no",
            "poor_employed": 0,
        },
    )
    assert response.status_code == 200
    assert "校验位错误" in response.content.decode()


def test_matching_journey_through_the_pages(login, town_user, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    laborer_in("440703101201")
    VacancyFactory(seats=2)
    client = login(town_user)
    response = client.post(reverse("employment:match_run"), {"region": "440703101000"})
    assert response.status_code == 302
    batch = MatchBatch.objects.get()
    assert (
        f'href="{reverse("employment:batch_detail", args=[batch.pk])}"'
        in client.get(response["Location"]).content.decode()
    )
    page = client.get(reverse("employment:batch_detail", args=[batch.pk])).content.decode()
    assert "推荐理由" in page and "工作地" in page
    proposal_id = MatchProposal.objects.get().pk
    assert f'id="p{proposal_id}"' in page
    client.post(reverse("employment:proposal_decide", args=[proposal_id, "confirm"]))
    referral = Referral.objects.get()
    for _ in range(2):
        client.post(
            reverse("employment:referral_detail", args=[referral.pk]),
            {"version": Referral.objects.get().version, "on": "", "action": "advance"},
        )
    assert Referral.objects.get().stage == "placed"
    board = client.get(reverse("employment:home")).content.decode()
    assert 'id="kpi-week">1<' in board  # placed today, so this week


def test_api_lists_are_scoped_and_actions_call_services(
    login, town_user, other_town_user, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    lab = laborer_in("440703101201")
    VacancyFactory()
    client = login(town_user)
    run = client.post(
        "/api/v1/employment/match-batches/", {"region_code": "440703101"}, content_type="application/json"
    )
    assert run.status_code == 202 and run.json()["batch"]["proposals"] == 1
    proposals = client.get("/api/v1/employment/proposals/").json()["results"]
    assert proposals[0]["laborer"] == lab.pk and proposals[0]["reasons"]
    confirmed = client.post(f"/api/v1/employment/proposals/{proposals[0]['id']}/confirm/")
    assert confirmed.status_code == 201
    ref = confirmed.json()
    stale = client.post(
        f"/api/v1/employment/referrals/{ref['id']}/advance/", {"version": 99}, content_type="application/json"
    )
    assert stale.status_code == 409
    moved = client.post(
        f"/api/v1/employment/referrals/{ref['id']}/advance/",
        {"version": ref["version"]},
        content_type="application/json",
    )
    assert moved.json()["stage"] == "interviewed"

    other = login(other_town_user)
    assert other.get("/api/v1/employment/laborers/").json()["count"] == 0
    assert other.get(f"/api/v1/employment/laborers/{lab.pk}/").status_code == 404


def test_api_refuses_users_without_the_permission(login, auditor_user):
    assert login(auditor_user).get("/api/v1/employment/laborers/").status_code == 403


def test_api_enterprise_create_reports_an_invalid_code_on_its_field(login, town_user):
    response = login(town_user).post(
        "/api/v1/employment/enterprises/",
        {"name": "x", "credit_code": "91440703MA4UABCD1X", "region_code": "440703101000", "industry": "C"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "credit_code" in response.json()["fields"]


def test_workshop_list_counts_the_poor_placed(login, town_user):
    ent = EnterpriseFactory(name="扶贫车间甲", is_workshop=True, poor_employed=7)
    EnterpriseFactory(name="普通企业乙")
    VacancyFactory(enterprise=ent)
    page = login(town_user).get(reverse("employment:workshop_list")).content.decode()
    assert "扶贫车间甲" in page and "普通企业乙" not in page


def test_survey_import_is_all_or_nothing(login, town_user, tmp_path):
    import xlsxwriter

    good = laborer_in("440703101201")
    path = tmp_path / "survey.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate(
        [
            ["公民身份号码", "就业状态", "务工区域"],
            [good.member.id_number, "已返岗", "县内"],
            ["440703199001011234", "在岗", ""],
        ]
    ):
        sheet.write_row(r, 0, row)
    book.close()
    client = login(town_user)
    with open(path, "rb") as f:
        page = client.post(
            reverse("employment:survey_import"), {"name": "第一轮", "surveyed_on": "2020-03-01", "file": f}
        ).content.decode()
    assert "找不到该劳动力" in page
    good.refresh_from_db()
    assert good.work_status == "waiting"

    book = xlsxwriter.Workbook(path)
    book.add_worksheet().write_row(0, 0, ["公民身份号码", "就业状态", "务工区域"])
    book.worksheets()[0].write_row(1, 0, [good.member.id_number, "已返岗", "县内"])
    book.close()
    with open(path, "rb") as f:
        response = client.post(
            reverse("employment:survey_import"), {"name": "第一轮", "surveyed_on": "2020-03-01", "file": f}
        )
    assert response.status_code == 302
    good.refresh_from_db()
    assert good.work_status == "returned" and good.work_area == "2"


def test_town_cadre_opens_a_public_welfare_post_and_generates_profiles(login, town_user):
    from fupin.employment.models import Laborer, PublicWelfarePost

    client = login(town_user)
    response = client.post(
        reverse("employment:post_create"),
        {
            "region_code": "440703101201",
            "kind": "checkpoint",
            "name": "卡点值守",
            "temporary": "on",
            "seats": 2,
            "monthly_pay": 1550,
            "opened_on": "2020-02-10",
        },
    )
    assert response.status_code == 302 and PublicWelfarePost.objects.get().temporary
    refused = client.post(
        reverse("employment:post_create"),
        {
            "region_code": "440703102201",
            "kind": "checkpoint",
            "name": "x",
            "seats": 1,
            "monthly_pay": 0,
            "opened_on": "2020-02-10",
        },
    )
    assert refused.status_code == 200 and PublicWelfarePost.objects.count() == 1

    MemberFactory(household=HouseholdFactory(region_id="440703101201"), labor_ability="2")
    client.post(reverse("employment:laborer_generate"))
    assert Laborer.objects.count() == 1


def test_region_filter_takes_a_prefix_or_a_full_code(login, city_user):
    laborer_in("440703101201", name="甲")
    laborer_in("440703102201", name="乙")
    client = login(city_user)
    for value in ("440703101", "440703101000", "440703101201"):
        page = client.get(reverse("employment:laborer_list") + f"?region={value}").content.decode()
        assert "甲" in page and "乙" not in page
