"""User management pages (security administrator), profile tokens, and what a sysadmin may (not) see."""

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.accounts.models import ApiToken, User
from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.registry.tests.factories import household_with_members

GOOD = "Lychee-Ferry-58"


@pytest.fixture
def admin_client(client, security_admin_user):
    client.force_login(security_admin_user)
    return client


def test_user_list_needs_manage_users(client, village_user):
    client.force_login(village_user)

    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_anonymous_user_list_redirects_to_login(client, db):
    response = client.get(reverse("accounts:user_list"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_user_list_shows_users_of_the_admins_region_only(admin_client, village_user, counterpart_user):
    body = admin_client.get(reverse("accounts:user_list")).content.decode()

    assert "village" in body
    assert ">paired<" not in body


def test_user_list_filters_by_role_and_region(admin_client, village_user, town_user, other_town_user):
    body = admin_client.get(
        reverse("accounts:user_list"), {"role": Role.TOWN_GROUP, "region": "440703101"}
    ).content
    body = body.decode()

    assert ">town<" in body
    assert ">town2<" not in body
    assert ">village<" not in body


def test_user_list_paginates_and_sorts(admin_client, villages):
    for i in range(55):
        make_user(Role.VILLAGE_CADRE, "440703101201", username=f"cadre{i:02d}")

    first = admin_client.get(
        reverse("accounts:user_list"), {"sort": "-username", "q": "cadre"}
    ).content.decode()
    second = admin_client.get(reverse("accounts:user_list"), {"sort": "-username", "q": "cadre", "page": 2})

    assert "cadre54" in first and "cadre00" not in first
    assert "cadre00" in second.content.decode()


def test_user_list_exports_xlsx_and_audits_the_export(admin_client, village_user):
    response = admin_client.get(reverse("accounts:user_list"), {"export": "xlsx"})

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row]
    assert "village" in values
    assert AuditEntry.objects.filter(action="accounts.user.exported").count() == 1


def test_admin_creates_a_user_through_the_page(admin_client, villages):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "newcadre",
            "display_name": "王五",
            "password1": GOOD,
            "password2": GOOD,
            "role": Role.VILLAGE_CADRE,
            "region": "440703101202",
        },
    )

    user = User.objects.get(username="newcadre")
    assert response.status_code == 302
    assert user.role_assignments.get().region_id == "440703101202"
    assert AuditEntry.objects.filter(action="accounts.user.created", target_id=str(user.pk)).exists()


def test_user_create_page_shows_the_password_policy_error(admin_client, villages):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "weak",
            "password1": "abcdefghij",
            "password2": "abcdefghij",
            "role": Role.VILLAGE_CADRE,
            "region": "440703101202",
        },
    )

    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_admin_deactivates_and_resets_password_through_the_pages(admin_client, village_user):
    admin_client.post(
        reverse("accounts:user_password", args=[village_user.pk]), {"password1": GOOD, "password2": GOOD}
    )
    admin_client.post(reverse("accounts:user_deactivate", args=[village_user.pk]))

    village_user.refresh_from_db()
    assert village_user.check_password(GOOD)
    assert not village_user.is_active


def test_admin_adds_and_removes_a_role_through_the_pages(admin_client, village_user):
    admin_client.post(
        reverse("accounts:role_add", args=[village_user.pk]),
        {"role": Role.VILLAGE_CADRE, "region": "440703101202"},
    )
    added = village_user.role_assignments.get(region_id="440703101202")

    admin_client.post(reverse("accounts:role_remove", args=[village_user.pk, added.pk]))

    assert list(village_user.role_assignments.values_list("region_id", flat=True)) == ["440703101201"]


def test_admin_of_chongzuo_gets_404_for_a_jiangmen_user(client, villages, village_user):
    client.force_login(make_user(Role.SECURITY_ADMIN, "451400000000", username="czadmin"))

    assert client.get(reverse("accounts:user_detail", args=[village_user.pk])).status_code == 404
    assert client.post(reverse("accounts:user_deactivate", args=[village_user.pk])).status_code == 404


def test_a_sysadmin_sees_no_household_data(admin_client, sysadmin_user, villages):
    household = household_with_members(region_id="440703101201")
    from fupin.registry.models import Household, Member

    assert not Household.objects.visible_to(sysadmin_user).exists()
    assert not Member.objects.visible_to(sysadmin_user).exists()
    body = admin_client.get("/").content.decode()
    assert household.number not in body


def test_profile_creates_a_token_shown_once_and_revokes_it(client, village_user):
    client.force_login(village_user)

    client.post(reverse("accounts:token_create"), {"name": "对接脚本"})
    first = client.get(reverse("accounts:profile")).content.decode()
    second = client.get(reverse("accounts:profile")).content.decode()

    token = ApiToken.objects.get(user=village_user)
    key = first.split('id="new-token-key"')[1].split(">")[1].split("<")[0]
    assert ApiToken.hash_key(key) == token.key_hash
    assert key not in second
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_user_cannot_revoke_another_users_token_by_url(client, village_user, other_village_user):
    token = ApiToken.objects.create(user=other_village_user, name="x", key_prefix="abc", key_hash="h" * 64)
    client.force_login(village_user)

    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
