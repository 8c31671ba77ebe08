"""A village cadre finds a household, edits a member, sees it in the history, and cannot open another
village's household."""

import datetime

import pytest

from e2e.conftest import login
from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.registry.choices import Relation
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

PASSWORD = "Fupin-Test-2020"


@pytest.mark.django_db(transaction=True)
def test_village_cadre_edits_a_member_and_sees_it_in_the_history(page, villages):
    make_user(Role.VILLAGE_CADRE, "440703101201", username="cadre")
    mine = HouseholdFactory(region_id="440703101201")
    MemberFactory(household=mine, name="梁振华", relation=Relation.HEAD)
    daughter = MemberFactory(
        household=mine,
        name="梁晓敏",
        relation=Relation.DAUGHTER,
        sex="2",
        birth_date=datetime.date(2004, 9, 1),
    )
    HouseholdFactory.create_batch(3, region_id="440703101201")
    theirs = HouseholdFactory(region_id="440703101202")
    MemberFactory(household=theirs, name="何外村", relation=Relation.HEAD)

    login(page, "cadre", PASSWORD)
    page.goto(page.base_url + "/households/")
    page.fill("#id_q", "梁振华")
    page.click("form.filters button[type=submit]")
    page.get_by_role("link", name=mine.number).click()
    page.wait_for_url(f"**/households/{mine.pk}/")

    page.locator("#members tr", has_text="梁晓敏").get_by_role("link", name="编辑").click()
    page.select_option("#id_schooling", "07")
    page.select_option("#id_work_status", "00")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/households/{mine.pk}/")
    assert page.locator(".messages").inner_text().find("已保存") >= 0
    assert "高中一年级" in page.locator("#members").inner_text()

    page.locator("#members tr", has_text="梁晓敏").get_by_role("link", name="变更历史").click()
    page.wait_for_url(f"**/households/members/{daughter.pk}/history/")
    history = page.locator("#history").inner_text()
    assert "修改成员信息" in history
    assert "梁晓敏" in history
    assert "在校生情况" in history and "高中一年级" in history
    daughter.refresh_from_db()
    assert daughter.schooling == "07"

    response = page.goto(page.base_url + f"/households/{theirs.pk}/")
    assert response.status == 404
    assert "何外村" not in page.content()
