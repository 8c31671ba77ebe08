"""Journey: a village cadre records a household's application and starts the procedure, the town reviews,
the county confirms, a measure puts the household's laborer on a public-welfare post, later the risk is
cleared by the same chain."""

import pytest

from e2e.conftest import login
from fupin.employment.models import PostOccupancy
from fupin.employment.services.posts import open_public_welfare_post
from fupin.employment.tests.factories import LaborerFactory
from fupin.registry.choices import MonitoringMark, PovertyStatus
from fupin.registry.tests.factories import household_with_members

PASSWORD = "Fupin-Test-2020"


def logout(page):
    page.click("button:has-text('退出')")
    page.wait_for_url(lambda url: "/accounts/login/" in url)


def approve(page, case_url, username, appraisal=None):
    login(page, username, PASSWORD)
    page.goto(case_url)
    if appraisal:
        page.fill("#decision-form textarea[name=appraisal]", appraisal)
    page.click("[data-role=approve]")
    page.wait_for_load_state()
    logout(page)


@pytest.mark.django_db(transaction=True)
def test_application_to_confirmation_to_a_post_and_risk_cleared(page, village_user, town_user, district_user):
    household = household_with_members(
        2, status=PovertyStatus.EXITED, year_exited=2019, income_per_capita=8000
    )
    laborer = LaborerFactory(member=household.members.first(), region_code=household.region_id)
    open_public_welfare_post(
        by=town_user, region_code=household.region_id, kind="cleaning", name="村道保洁员"
    )

    # The village cadre records the household's application and starts the procedure.
    login(page, village_user.username, PASSWORD)
    page.goto(page.base_url + "/monitoring/signals/apply/")
    page.fill("#application-form input[name=number]", household.number)
    page.fill("#application-form textarea[name=reason]", "户主患大病住院，医疗支出超过家庭收入")
    page.select_option("#application-form select[name=risk_type]", "illness")
    page.fill("#application-form input[name=rigid_spending]", "30000")
    page.click("[data-role=apply]")
    page.wait_for_url("**/monitoring/signals/?household=*")
    assert "农户申报" in page.inner_text("table.list")
    page.click("button:has-text('启动监测程序')")
    page.wait_for_url("**/monitoring/cases/*/")
    case_url = page.url
    assert "村级评估和民主评议" in page.inner_text("#case-step")
    page.fill("#decision-form textarea[name=appraisal]", "村民代表民主评议，同意纳入监测")
    page.click("[data-role=approve]")
    page.wait_for_load_state()
    assert "镇级审核" in page.inner_text("#case-step")
    logout(page)

    # The town reviews, the county confirms.
    approve(page, case_url, town_user.username)
    approve(page, case_url, district_user.username)

    # The village puts the household's laborer on a public-welfare post.
    login(page, village_user.username, PASSWORD)
    page.goto(case_url)
    assert "已确定为监测对象" in page.inner_text("#case-outcome")
    page.click("[data-role=place]")
    page.wait_for_load_state()
    assert "公益性岗位上岗记录" in page.inner_text("#measures")
    assert PostOccupancy.objects.get().laborer_id == laborer.pk

    # Later the risk is cleared by the same chain.
    page.click("[data-role=clear]")
    page.wait_for_url(lambda url: url != case_url)
    clearing_url = page.url
    page.fill("#decision-form textarea[name=appraisal]", "收入稳定，两不愁三保障有保障")
    page.click("[data-role=approve]")
    page.wait_for_load_state()
    logout(page)
    approve(page, clearing_url, town_user.username)
    approve(page, clearing_url, district_user.username)

    household.refresh_from_db()
    assert household.monitoring_mark == MonitoringMark.CLEARED
