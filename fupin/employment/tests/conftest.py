import datetime

import pytest

from fupin.funds import services as fund_services
from fupin.plan.tests.factories import plan_2020
from fupin.regions.models import Region

# Employment subsidies are paid from measure 2's money (加大就业复工力度); the 2020 plan's line of that
# measure is the training budget, which the tests lend to the subsidies.
LINE = "training-budget"


@pytest.fixture
def subsidy_allocation(city_user):
    """¥5,000 of measure 2's budget line allocated to 棠下镇, from which its subsidies are paid."""
    plan = plan_2020()
    fund_services.open_plan_funds(plan)
    fund = plan.budget_lines.get(code=LINE).fund
    return fund_services.allocate(
        fund,
        by=city_user,
        region=Region.objects.get(code="440703101000"),
        amount="5000",
        document_number="江人社〔2020〕8号",
        date=datetime.date(2020, 3, 1),
    )
