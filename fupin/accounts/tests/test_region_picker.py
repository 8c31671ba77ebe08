"""The role-assignment forms take a region by name through the region picker, within the manager's scope."""

import pytest
from django.urls import reverse

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, security_admin_user):
    client.force_login(security_admin_user)
    return client


def test_role_is_assigned_by_typing_the_region_name(admin_client, village_user):
    admin_client.post(
        reverse("accounts:role_add", args=[village_user.pk]),
        {"role": Role.TOWN_GROUP, "region": "", "region__name": "荷塘镇"},
    )

    assert village_user.role_assignments.filter(region_id="440703102000", role=Role.TOWN_GROUP).exists()


def test_role_form_offers_the_region_picker_instead_of_a_list_of_codes(admin_client, village_user):
    html = admin_client.get(reverse("accounts:user_detail", args=[village_user.pk])).content.decode()

    assert "data-region-picker=" in html and 'name="region__name"' in html
    assert 'list="region-choices"' not in html


def test_new_user_gets_the_role_in_the_region_typed_by_name(admin_client, villages):
    admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "cadre-new",
            "password1": "Fupin-2020-strong!",
            "password2": "Fupin-2020-strong!",
            "role": Role.VILLAGE_CADRE,
            "region": "",
            "region__name": "测试三村",
        },
    )
    from fupin.accounts.models import User

    assert User.objects.get(username="cadre-new").role_assignments.get().region_id == "440703102201"


def test_region_outside_the_managers_scope_is_refused_with_the_reason(client, villages, village_user):
    client.force_login(make_user(Role.SECURITY_ADMIN, "440703000000", username="district-admin"))
    response = client.post(
        reverse("accounts:role_add", args=[village_user.pk]),
        {"role": Role.TOWN_GROUP, "region__name": "测试社区"},  # 江海区, not the admin's 蓬江区
        follow=True,
    )

    assert not village_user.role_assignments.filter(region_id="440704001001").exists()
    assert "测试社区" in response.content.decode()


def test_user_list_filters_by_a_region_typed_by_name(admin_client, town_user, other_town_user):
    body = admin_client.get(reverse("accounts:user_list"), {"region__name": "棠下镇"}).content.decode()

    assert ">town<" in body and ">town2<" not in body
