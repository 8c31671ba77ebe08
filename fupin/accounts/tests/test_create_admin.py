"""The first administrator comes from a command; there are no default accounts."""

from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from fupin.accounts.models import User
from fupin.accounts.roles import Role
from fupin.audit.models import AuditEntry

GOOD = "Banyan-Kiosk-73"


@pytest.mark.django_db
def test_create_admin_with_password_from_env_creates_a_security_admin(monkeypatch):
    monkeypatch.setenv("ADMIN_PW", GOOD)

    call_command("create_admin", "root", "--region", "440700000000", "--password-from-env", "ADMIN_PW")

    user = User.objects.get(username="root")
    assert user.check_password(GOOD)
    assert list(user.role_assignments.values_list("role", "region_id")) == [
        (Role.SECURITY_ADMIN, "440700000000")
    ]
    assert user.has_scoped_perm("accounts.manage_users", "440703101201")
    assert not user.is_superuser
    assert AuditEntry.objects.filter(action="accounts.user.created", target_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_create_admin_prompts_for_the_password_when_not_given():
    with mock.patch("getpass.getpass", side_effect=[GOOD, GOOD]):
        call_command("create_admin", "root", "--region", "440700000000")

    assert User.objects.get(username="root").check_password(GOOD)


@pytest.mark.django_db
def test_create_admin_refuses_mismatched_prompted_passwords():
    with mock.patch("getpass.getpass", side_effect=[GOOD, GOOD + "x"]), pytest.raises(CommandError):
        call_command("create_admin", "root", "--region", "440700000000")

    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_admin_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PW", "password")

    with pytest.raises(CommandError):
        call_command("create_admin", "root", "--region", "440700000000", "--password-from-env", "ADMIN_PW")

    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_admin_refuses_an_existing_username(monkeypatch):
    monkeypatch.setenv("ADMIN_PW", GOOD)
    call_command("create_admin", "root", "--region", "440700000000", "--password-from-env", "ADMIN_PW")

    with pytest.raises(CommandError):
        call_command("create_admin", "root", "--region", "440700000000", "--password-from-env", "ADMIN_PW")

    assert User.objects.filter(username="root").count() == 1


@pytest.mark.django_db
def test_create_admin_refuses_an_unknown_region(monkeypatch):
    monkeypatch.setenv("ADMIN_PW", GOOD)

    with pytest.raises(CommandError):
        call_command("create_admin", "root", "--region", "999999000000", "--password-from-env", "ADMIN_PW")


@pytest.mark.django_db
def test_create_admin_makes_a_sysadmin_who_cannot_manage_accounts(monkeypatch):
    monkeypatch.setenv("ADMIN_PW", GOOD)

    call_command(
        "create_admin",
        "ops",
        "--region",
        "440700000000",
        "--role",
        "sysadmin",
        "--password-from-env",
        "ADMIN_PW",
    )

    user = User.objects.get(username="ops")
    assert list(user.role_assignments.values_list("role", flat=True)) == [Role.SYSADMIN]
    assert not user.has_scoped_perm("accounts.manage_users")
    assert not user.has_scoped_perm("registry.view_household")
