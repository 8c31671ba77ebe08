"""The KPIs of the employment board (R2.1, R2.4, R2.5), scoped."""

import datetime
from decimal import Decimal

import pytest

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError
from fupin.employment import queries
from fupin.employment.models import FallbackTarget, Laborer
from fupin.employment.services import laborers, posts
from fupin.employment.tests.factories import EnterpriseFactory, LaborerFactory, PublicWelfarePostFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date(2020, 3, 2)


def laborer_in(village, **kw):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)), **kw)


def test_resumption_rate_by_town_against_the_plan_target(district_user):
    EnterpriseFactory(region_code="440703101000", resumption="yes", resumed_on=D)
    EnterpriseFactory(region_code="440703101000")
    EnterpriseFactory(region_code="440703102000", resumption="yes", resumed_on=D)
    EnterpriseFactory(region_code="440703102000", poverty_related=False)  # not counted
    EnterpriseFactory(region_code="440704001000")  # other district: out of scope

    kpi = queries.resumption(district_user)

    assert (kpi["total"], kpi["resumed"], kpi["rate"]) == (3, 2, 66.7)
    assert [(r["code"], r["total"], r["resumed"], r["rate"]) for r in kpi["rows"]] == [
        ("440703101", 2, 1, 50.0),
        ("440703102", 1, 1, 100.0),
    ]
    assert kpi["target"].value == Decimal("100") and kpi["target"].deadline == datetime.date(2020, 3, 31)


def test_the_target_comes_from_the_fallback_row_when_the_plan_has_none():
    FallbackTarget.objects.filter(code="enterprise-resumption-rate").update(value=90)
    target = queries.plan_target("enterprise-resumption-rate")
    assert target.value == 90 and target.source == "fallback"
    assert queries.plan_target("no-such-target") is None


def test_the_plan_target_wins_over_the_fallback_when_loaded():
    from fupin.plan.models import Plan, Target

    plan = Plan.objects.create(code="test-plan", region_code="440700000000", year=2020, title="测试计划")
    Target.objects.create(
        plan=plan,
        code="enterprise-resumption-rate",
        label="涉扶贫企业复工复产",
        unit="%",
        value=95,
        deadline=datetime.date(2020, 4, 30),
    )
    target = queries.plan_target("enterprise-resumption-rate")
    assert (target.value, target.deadline, target.source) == (95, datetime.date(2020, 4, 30), "plan")


def test_return_to_work_rate_leaves_out_the_unwilling_and_follows_survey_rounds(town_user):
    a = laborer_in("440703101201", work_status="waiting")
    b = laborer_in("440703101201", work_status="waiting")
    laborer_in("440703101201", work_status="unwilling")
    laborer_in("440703102201", work_status="on_post")  # other town

    assert queries.return_to_work(Laborer.objects.visible_to(town_user))["rate"] == 0
    laborers.record_survey(
        by=town_user,
        name="第一轮",
        surveyed_on=D,
        region_code="440703101000",
        rows=[{"laborer": a, "work_status": "returned"}, {"laborer": b, "work_status": "waiting"}],
    )
    laborers.record_survey(
        by=town_user,
        name="第二轮",
        surveyed_on=D + datetime.timedelta(days=7),
        region_code="440703101000",
        rows=[{"laborer": a, "work_status": "on_post"}, {"laborer": b, "work_status": "returned"}],
    )

    work = queries.return_to_work(Laborer.objects.visible_to(town_user))
    assert (work["at_work"], work["wanting"], work["rate"]) == (2, 2, 100.0)
    assert [r["rate"] for r in queries.return_to_work_by_round(town_user)] == [50.0, 100.0]


def test_public_welfare_share_filled_by_poor_laborers(town_user):
    post = PublicWelfarePostFactory(seats=2, kind="disinfection", temporary=True)
    posts.assign_post(post, by=town_user, laborer=laborer_in("440703101201"), started_on=D)
    posts.assign_post(post, by=town_user, name="非建档立卡人员", started_on=D)
    with pytest.raises(DomainError, match="已满员"):
        posts.assign_post(post, by=town_user, name="x", started_on=D)

    figures = queries.public_welfare(town_user, D)
    assert (figures["seats"], figures["occupied"], figures["poor"], figures["poor_rate"]) == (2, 2, 1, 50.0)
    assert AuditEntry.objects.filter(action="employment.postoccupancy.started").count() == 2


def test_board_collects_every_figure(town_user):
    board = queries.board(town_user)
    assert set(board) >= {
        "work",
        "resumption",
        "vacancies",
        "placements_week",
        "welfare",
        "subsidies",
    }
