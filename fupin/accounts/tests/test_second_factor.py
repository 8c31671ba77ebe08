"""Second factor (TOTP): who must use it, enrolment at first sign-in, codes and recovery codes, audit."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fupin.accounts import services
from fupin.accounts.otp import current_code, install_demo_device
from fupin.accounts.roles import ROLE_PERMISSIONS, Role, needs_second_factor
from fupin.accounts.tests.factories import DEFAULT_PASSWORD, make_user
from fupin.audit.models import AuditEntry

LOGIN = "/accounts/login/"
SETUP = "/accounts/otp/setup/"
VERIFY = "/accounts/otp/verify/"

# One persona per kind of right that requires the second factor (the data roles hold the export right).
ROLES_NEEDING_IT = [
    (Role.SYSADMIN, "440700000000"),
    (Role.SECURITY_ADMIN, "440700000000"),
    (Role.AUDITOR, "440700000000"),
    (Role.DISTRICT_OFFICE, "440703000000"),  # registry.view_full_id
    (Role.CITY_OFFICE, "440700000000"),  # registry.export_household, no full IDs
]


def _sign_in(client, username):
    return client.post(LOGIN, {"username": username, "password": DEFAULT_PASSWORD})


def _fresh_code(device):
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return current_code(device)


def test_the_second_factor_follows_the_rights_of_each_role():
    assert "registry.view_full_id" in ROLE_PERMISSIONS[Role.DISTRICT_OFFICE]
    assert "registry.view_full_id" not in ROLE_PERMISSIONS[Role.CITY_OFFICE]
    # every role of the offices holds the export right or is a system role; a buyer (消费扶贫 market) holds
    # neither and sees no personal data, so a password alone signs it in
    assert all(needs_second_factor(role) for role in Role.values if role != Role.BUYER)
    assert not needs_second_factor(Role.BUYER)
    assert not needs_second_factor("no_such_role")


@pytest.mark.parametrize(("role", "region"), ROLES_NEEDING_IT)
def test_a_password_only_session_is_refused_until_the_second_factor(client, villages, role, region):
    user = make_user(role, region, username="someone")
    install_demo_device(user)

    response = _sign_in(client, "someone")
    assert response.status_code == 302
    page = client.get(reverse("accounts:profile"))
    api = client.get("/api/v1/me/")

    assert page.status_code == 302
    assert page["Location"].startswith(VERIFY)
    assert api.status_code == 403


@pytest.mark.parametrize(("role", "region"), ROLES_NEEDING_IT)
def test_force_login_without_the_second_factor_is_refused_too(client, villages, role, region):
    user = make_user(role, region, username="someone")

    client.force_login_password_only(user)

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_a_user_without_any_role_is_not_asked_for_a_second_factor(client, villages):
    from fupin.accounts.tests.factories import UserFactory

    UserFactory(username="norole")

    _sign_in(client, "norole")

    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_setting_turns_the_requirement_off(client, district_user, settings):
    settings.OTP_REQUIRED = False

    _sign_in(client, "district")

    assert client.get(reverse("accounts:profile")).status_code == 200


def test_first_sign_in_enrols_an_authenticator_and_shows_ten_recovery_codes(client, district_user):
    # given a first sign-in with the password
    _sign_in(client, "district")
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "扫描" in response.content.decode()
    # the QR code is an SVG of its own (no inline script or data in the page)
    qr = client.get(reverse("accounts:otp_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    device = TOTPDevice.objects.get(user=district_user, confirmed=False)

    # when a wrong code, then the right one is given
    wrong = client.post(SETUP, {"code": "000000" if current_code(device) != "000000" else "111111"})
    assert "验证码不正确" in wrong.content.decode()
    # (django-otp makes the next try wait a second after a failure; skip the wait)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    confirmed = client.post(SETUP, {"code": current_code(device)})

    # then ten recovery codes are shown once and the pages open
    assert confirmed.status_code == 200
    codes = StaticToken.objects.filter(device__user=district_user).values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in confirmed.content.decode() for code in codes)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.otp.enrolled", actor=district_user).count() == 1
    assert AuditEntry.objects.filter(action="accounts.otp.failed", actor=district_user).count() == 1


def test_later_sign_ins_ask_for_the_code(client, auditor_user):
    device = install_demo_device(auditor_user)
    _sign_in(client, "auditor")

    assert client.get(SETUP).status_code == 302  # enrolling again would replace the authenticator
    refused = client.post(VERIFY, {"code": "12345x"})
    assert "验证码不正确" in refused.content.decode()
    accepted = client.post(VERIFY, {"code": _fresh_code(device), "next": "/audit/"})

    assert accepted.status_code == 302
    assert accepted["Location"] == "/audit/"
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.otp.verified", actor=auditor_user).count() == 1
    assert AuditEntry.objects.filter(action="accounts.otp.failed", actor=auditor_user).count() == 1


def test_a_recovery_code_works_once_and_is_audited(client, town_user):
    device = install_demo_device(town_user)
    _sign_in(client, "town")
    client.post(SETUP)  # nothing to enrol: the device exists
    code = client.post(VERIFY, {"code": "x"})  # a wrong code first
    assert code.status_code == 200
    from fupin.accounts.otp import _new_recovery_codes

    codes = _new_recovery_codes(town_user)
    assert device.confirmed

    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    client.post(reverse("accounts:logout"))
    _sign_in(client, "town")
    again = client.post(VERIFY, {"code": codes[0]})

    assert "验证码不正确" in again.content.decode()
    assert AuditEntry.objects.filter(action="accounts.otp.recovery_used", actor=town_user).count() == 1


def test_a_security_admin_resets_a_lost_authenticator_with_audit(client, security_admin_user, village_user):
    install_demo_device(village_user)
    client.force_login(security_admin_user)

    client.post(reverse("accounts:user_otp_reset", args=[village_user.pk]))

    assert not TOTPDevice.objects.filter(user=village_user).exists()
    assert AuditEntry.objects.get(action="accounts.otp.reset").target_id == str(village_user.pk)


def test_a_security_admin_cannot_reset_their_own_authenticator(security_admin_user):
    from fupin.core.errors import NotAllowed

    install_demo_device(security_admin_user)
    with pytest.raises(NotAllowed):
        services.reset_second_factor(security_admin_user, by=security_admin_user)


def test_demo_otp_prints_the_current_code_of_a_demo_device_only(village_user, town_user):
    import io

    from django.core.management import CommandError, call_command

    device = install_demo_device(village_user)
    TOTPDevice.objects.create(user=town_user, name="default", confirmed=True)
    out = io.StringIO()

    call_command("demo_otp", "village", stdout=out)

    assert out.getvalue().strip() == current_code(device)
    with pytest.raises(CommandError):
        call_command("demo_otp", "town", stdout=io.StringIO())


def test_the_second_factor_page_offers_no_menu_entry_that_would_lead_back_to_it(client, villages):
    user = make_user(Role.CITY_OFFICE, "440700000000", username="someone")
    install_demo_device(user)
    _sign_in(client, "someone")

    page = client.get(VERIFY)

    assert page.status_code == 200
    assert page.context["nav_items"] == []
    assert reverse("registry:household_list") not in page.content.decode()
