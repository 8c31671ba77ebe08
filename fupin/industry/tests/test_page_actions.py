"""The industry lists' forms: a household's industry and a leading industry recorded from the page; an
incomplete form or the service's refusal comes back as a message."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fupin.industry.models import HouseholdIndustry, LeadingIndustry
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_village_records_a_households_industry_from_the_list(client, village_user):
    household = HouseholdFactory(region_id="440703101201")
    client.force_login(village_user)

    answer = client.post(
        reverse("industry:industry_list"),
        {"household": household.number, "kind": "planting", "product": "菜心", "income": "3000"},
    )

    assert "已登记户产业。" in _texts(answer)
    assert HouseholdIndustry.objects.get().household == household


def test_an_unknown_household_number_is_the_message_and_nothing_is_recorded(client, village_user):
    client.force_login(village_user)

    answer = client.post(reverse("industry:industry_list"), {"household": "NO-SUCH", "kind": "planting"})

    assert "未找到该户编号。" in _texts(answer) and not HouseholdIndustry.objects.exists()


def test_a_town_names_its_leading_industry_and_an_incomplete_form_is_refused(client, town_user):
    client.force_login(town_user)
    url = reverse("industry:leading_list")

    named = client.post(url, {"region_code": "440703101000", "kind": "planting", "product": "菜心"})
    incomplete = client.post(url, {"region_code": "440703101000", "kind": "planting"})

    assert "主导产业已登记。" in _texts(named) and "请检查填写的内容。" in _texts(incomplete)
    assert LeadingIndustry.objects.get().product == "菜心"
