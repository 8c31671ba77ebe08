import pytest

from fupin.funds import services as fund_services
from fupin.plan.tests.factories import plan_2020


@pytest.fixture
def funds(db):
    """{budget line code: Fund} of the 2020 plan."""
    plan = plan_2020()
    fund_services.open_plan_funds(plan)
    return {line.code: line.fund for line in plan.budget_lines.select_related("fund")}
