"""The pages' forms and buttons that call a ledgers service: its message or its error on the form, then the
record's page."""

import pytest
from django.contrib.messages import get_messages
from django.forms.models import model_to_dict
from django.urls import reverse

from fupin.ledgers.choices import ItemStatus
from fupin.ledgers.forms import ITEM_FIELDS
from fupin.ledgers.models import SupervisionTarget
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_transition_button_moves_the_item_and_says_so(client, town_user):
    item = LedgerItemFactory()
    client.force_login(town_user)
    response = client.post(
        reverse("ledgers:item_transition", args=[item.pk, "start"]), {"version": item.version}
    )
    assert response.status_code == 302 and response.url == reverse("ledgers:item_detail", args=[item.pk])
    assert _texts(response) == ["已开始整改。"]
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_a_transition_without_its_version_or_with_a_stale_one_changes_nothing(client, town_user):
    item = LedgerItemFactory()
    client.force_login(town_user)
    missing = client.post(reverse("ledgers:item_transition", args=[item.pk, "start"]), {})
    assert _texts(missing) == ["请求无效，请刷新页面。"]
    stale = client.post(
        reverse("ledgers:item_transition", args=[item.pk, "start"]), {"version": item.version + 5}
    )
    assert stale.status_code == 302 and _texts(stale)[-1] == "该记录已被他人修改，请刷新页面后重新填写。"
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_the_edit_form_saves_through_the_service(client, town_user):
    item = LedgerItemFactory()
    client.force_login(town_user)
    data = {k: v for k, v in model_to_dict(item, fields=ITEM_FIELDS).items() if v is not None}
    data.update(version=item.version, measures="补齐鉴定资料")
    response = client.post(reverse("ledgers:item_edit", args=[item.pk]), data)
    assert response.status_code == 302 and response.url == reverse("ledgers:item_detail", args=[item.pk])
    assert _texts(response) == ["已保存。"]
    item.refresh_from_db()
    assert item.measures == "补齐鉴定资料"


def _target_form(**values):
    return {
        "kind": "household",
        "group": "housing",
        "deadline": "2020-06-30",
        "plan_money": "20000",
        **values,
    }


def test_the_new_target_page_names_an_unknown_household_on_its_field(client, district_user):
    client.force_login(district_user)
    response = client.post(reverse("ledgers:supervision_create"), _target_form(household_number="NOPE"))
    assert response.status_code == 200
    assert response.context["form"].errors["household_number"] == ["户编号不存在或不在您的范围内。"]
    assert not SupervisionTarget.objects.exists()


def test_the_new_target_page_adds_the_target_of_a_household_in_scope(client, district_user):
    household = HouseholdFactory()
    client.force_login(district_user)
    response = client.post(
        reverse("ledgers:supervision_create"), _target_form(household_number=household.number)
    )
    target = SupervisionTarget.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "ledgers:supervision_detail", args=[target.pk]
    )
    assert target.household == household
