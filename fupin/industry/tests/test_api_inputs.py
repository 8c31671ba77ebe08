"""A year filter that is no year answers 400 with a message (the API fuzzer found 500s on year filters)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["0.0", "1e9", "2020.5"])
def test_a_household_industry_year_that_is_no_year_answers_400(town_user, year):
    client = APIClient()
    client.force_authenticate(town_user)

    response = client.get("/api/v1/industry/household-industries/", {"year": year})

    assert response.status_code == 400, response.content
    assert "年度" in response.content.decode()
