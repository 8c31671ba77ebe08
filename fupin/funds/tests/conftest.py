import pytest

from fupin.funds import services
from fupin.plan.tests.factories import plan_2020


@pytest.fixture
def plan(db):
    return plan_2020()


@pytest.fixture
def funds(plan):
    """{budget line code: Fund} of the 2020 plan."""
    services.open_plan_funds(plan)
    return {line.code: line.fund for line in plan.budget_lines.select_related("fund")}
