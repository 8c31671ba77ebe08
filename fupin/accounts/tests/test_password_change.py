"""The user changes their own password; a reset by an administrator and an old password force a change."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.accounts import services
from fupin.accounts.models import User
from fupin.accounts.tests.factories import DEFAULT_PASSWORD
from fupin.audit.models import AuditEntry

NEW = "Lychee-Ferry-58"
CHANGE = "/accounts/password/"


def _change(client, old=DEFAULT_PASSWORD, new=NEW, **extra):
    data = {"old_password": old, "new_password1": new, "new_password2": new, **extra}
    return client.post(CHANGE, data)


def test_a_user_changes_their_password_from_the_user_menu(client, village_user):
    client.force_login(village_user)
    assert CHANGE in client.get(reverse("accounts:profile")).content.decode()

    response = _change(client)

    assert response.status_code == 302
    village_user.refresh_from_db()
    assert village_user.check_password(NEW)
    assert village_user.password_changed_at is not None
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    assert AuditEntry.objects.filter(action="accounts.user.password_changed", actor=village_user).exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("not-the-Password-1", NEW, "原密码不正确"),
        (DEFAULT_PASSWORD, "Jiangmen2020", "太容易被猜中"),
        (DEFAULT_PASSWORD, "aaaaaaaaaA1", "太容易被猜中"),
        (DEFAULT_PASSWORD, DEFAULT_PASSWORD, "不能与原密码相同"),
    ],
)
def test_a_wrong_old_or_weak_new_password_is_refused(client, village_user, old, new, message):
    client.force_login(village_user)

    response = _change(client, old=old, new=new)

    assert response.status_code == 200
    assert message in response.content.decode()
    village_user.refresh_from_db()
    assert village_user.check_password(DEFAULT_PASSWORD)


def test_after_a_reset_every_page_leads_to_the_change_page_until_done(
    client, security_admin_user, village_user
):
    services.reset_password(village_user, by=security_admin_user, password="Banyan-Kiosk-73")
    client.force_login(User.objects.get(pk=village_user.pk))

    page = client.get("/registry/households/")
    api = client.get("/api/v1/me/")
    assert page.status_code == 302
    assert page["Location"].startswith(CHANGE)
    assert api.status_code == 403
    assert "管理员重置" in client.get(page["Location"]).content.decode()

    _change(client, old="Banyan-Kiosk-73")

    assert client.get(reverse("accounts:profile")).status_code == 200
    assert not User.objects.get(pk=village_user.pk).must_change_password


def test_a_password_older_than_the_policy_must_be_changed(client, village_user, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=village_user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(User.objects.get(pk=village_user.pk))

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(CHANGE)


def test_a_password_younger_than_the_policy_is_kept(client, village_user, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=village_user.pk).update(password_changed_at=timezone.now() - timedelta(days=89))
    client.force_login(User.objects.get(pk=village_user.pk))

    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_new_user_must_change_the_initial_password(security_admin_user):
    from fupin.accounts.roles import Role

    user = services.create_user(
        by=security_admin_user,
        username="new1",
        password=NEW,
        role=Role.VILLAGE_CADRE,
        region_code="440703101201",
    )

    assert user.must_change_password
