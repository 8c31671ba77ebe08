"""Login policy: Argon2, password rules, lockout, idle timeout, no default accounts, sign-in audit."""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fupin.accounts.models import User
from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import DEFAULT_PASSWORD
from fupin.audit.models import AuditEntry

LOGIN = "/accounts/login/"


def _fail_login(client, username, times):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-Password-1"})


@pytest.mark.django_db
def test_no_user_exists_after_migrate():
    assert User.objects.count() == 0


def test_passwords_are_hashed_with_argon2(village_user):
    assert identify_hasher(village_user.password).algorithm == "argon2"
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "password", ["Ab1-short", "alllowercaseletters", "lowercase12345678", "ALLUPPER-----"]
)
def test_weak_passwords_are_rejected_with_a_chinese_message(password):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password)
    text = " ".join(exc.value.messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_password_of_ten_characters_and_three_classes_is_accepted():
    password_validation.validate_password("Lychee-Ferry-58")


def test_a_good_login_is_audited_with_user_region_and_ip(client, village_user):
    response = client.post(LOGIN, {"username": "village", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.user.logged_in")
    assert entry.actor == village_user
    assert entry.region_code == "440703101201"
    assert entry.ip_address == "127.0.0.1"


def test_a_failed_login_is_audited_with_username_and_ip(client, village_user):
    response = client.post(LOGIN, {"username": "village", "password": "not-the-Password-1"})

    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    entry = AuditEntry.objects.get(action="accounts.user.login_failed")
    assert entry.actor is None
    assert entry.actor_name == "village"
    assert entry.target_id == str(village_user.pk)
    assert entry.region_code == "440703101201"
    assert entry.ip_address == "127.0.0.1"


def test_a_failed_login_for_an_unknown_username_is_audited(client, villages):
    client.post(LOGIN, {"username": "nobody", "password": "not-the-Password-1"})

    entry = AuditEntry.objects.get(action="accounts.user.login_failed")
    assert entry.actor_name == "nobody"
    assert "unknown user" in entry.note


def test_logout_is_audited(client, village_user):
    client.post(LOGIN, {"username": "village", "password": DEFAULT_PASSWORD})

    client.post(reverse("accounts:logout"))

    assert AuditEntry.objects.filter(action="accounts.user.logged_out", actor=village_user).count() == 1


def test_five_failed_logins_lock_the_username_from_that_ip(client, village_user):
    _fail_login(client, "village", 5)

    response = client.post(LOGIN, {"username": "village", "password": DEFAULT_PASSWORD})

    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.user.locked_out", actor_name="village").exists()


def test_four_failed_logins_do_not_lock(client, village_user):
    _fail_login(client, "village", 4)

    response = client.post(LOGIN, {"username": "village", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="accounts.user.locked_out").exists()


def test_six_guesses_on_one_account_from_many_addresses_are_stopped(client, village_user):
    for i in range(5):
        client.post(LOGIN, {"username": "village", "password": "wrong-Password-1"}, REMOTE_ADDR=f"10.0.0.{i}")

    response = client.post(
        LOGIN, {"username": "village", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guessing_across_twenty_accounts_from_one_address_is_stopped(client, villages):
    # given 20 accounts, each guessed 4 times (under the per-account limit of 5) from one address
    from fupin.accounts.tests.factories import make_user

    users = [make_user(Role.VILLAGE_CADRE, "440703101201", username=f"cadre{i:02d}") for i in range(21)]
    statuses = []
    for user in users[:20]:
        for _ in range(4):
            response = client.post(LOGIN, {"username": user.username, "password": "wrong-Password-1"})
            statuses.append(response.status_code)

    # then the address is locked after LOGIN_ADDRESS_FAILURE_LIMIT (20) failures, for every account,
    # even with the right password
    assert statuses[:19] == [200] * 19
    assert set(statuses[20:]) == {429}
    right = client.post(LOGIN, {"username": users[20].username, "password": DEFAULT_PASSWORD})
    assert right.status_code == 429
    # while another address still signs the same account in
    other = client.post(
        LOGIN, {"username": users[20].username, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


@pytest.mark.parametrize("password", ["Jiangmen2020", "aaaaaaaaaA1", "Qwerty!2345", "Pengjiang@1998"])
def test_guessable_passwords_are_refused(villages, password):
    user = User(username="clerk", display_name="李明")

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password, user)

    assert "太容易被猜中" in " ".join(exc.value.messages)


def test_a_password_made_of_a_region_name_in_the_database_is_refused(villages):
    from fupin.regions.models import Region

    Region.objects.filter(code="440703000000").update(name="Xiangyanghua")

    with pytest.raises(ValidationError):
        password_validation.validate_password("Xiangyanghua#1", User(username="clerk"))


def test_the_demo_and_test_passwords_pass_the_policy(villages):
    from fupin.registry.demo.users import DEMO_PASSWORD

    password_validation.validate_password(
        DEMO_PASSWORD, User(username="demo_city", display_name="江门市扶贫办")
    )
    password_validation.validate_password(DEFAULT_PASSWORD, User(username="village"))


def test_lockout_is_per_username_another_user_on_same_ip_can_log_in(client, village_user, town_user):
    _fail_login(client, "village", 5)

    response = client.post(LOGIN, {"username": "town", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302


def test_idle_session_is_logged_out_after_30_minutes(client, village_user, settings):
    settings.OTP_REQUIRED = False  # the password alone signs in here; the second factor has its own tests
    start = 1_700_000_000
    with mock.patch("fupin.accounts.middleware.time.time", return_value=start):
        client.post(LOGIN, {"username": "village", "password": DEFAULT_PASSWORD})
        assert client.get(reverse("accounts:profile")).status_code == 200
    with mock.patch("fupin.accounts.middleware.time.time", return_value=start + 29 * 60):
        assert client.get(reverse("accounts:profile")).status_code == 200
    with mock.patch("fupin.accounts.middleware.time.time", return_value=start + 29 * 60 + 31 * 60):
        response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert "长时间未操作" in client.get(response["Location"]).content.decode()


def test_activity_within_30_minutes_keeps_the_session(client, village_user, settings):
    settings.OTP_REQUIRED = False
    start = 1_700_000_000
    for minutes in (0, 20, 40, 60):
        with mock.patch("fupin.accounts.middleware.time.time", return_value=start + minutes * 60):
            if minutes == 0:
                client.post(LOGIN, {"username": "village", "password": DEFAULT_PASSWORD})
            response = client.get(reverse("accounts:profile"))
            assert response.status_code == 200, minutes


def test_login_page_renders_in_chinese(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert "登录扶贫工作系统" in response.content.decode()
