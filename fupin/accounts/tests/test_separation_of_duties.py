"""三权分立: system administrator, security administrator and auditor are separate accounts; grants by the
security administrator are audited for the auditor; a guarded account changes only with two people."""

import pytest
from django.urls import reverse

from fupin.accounts import services
from fupin.accounts.models import AccountChangeRequest, ChangeKind, ChangeStatus, User
from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import DEFAULT_PASSWORD, make_user
from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed

NEW = "Lychee-Ferry-58"


@pytest.mark.parametrize(
    ("held", "region", "added", "added_region"),
    [
        (Role.SYSADMIN, "440700000000", Role.CITY_OFFICE, "440700000000"),
        (Role.AUDITOR, "440700000000", Role.SYSADMIN, "440700000000"),
        (Role.DISTRICT_OFFICE, "440703000000", Role.AUDITOR, "440703000000"),
        (Role.SYSADMIN, "440700000000", Role.AUDITOR, "440700000000"),
    ],
)
def test_no_account_combines_a_system_role_with_another_role(
    security_admin_user, held, region, added, added_region
):
    user = make_user(held, region, username="holder")

    with pytest.raises(DomainError, match="互相分离"):
        services.add_role(user, by=security_admin_user, role=added, region_code=added_region)

    assert user.role_assignments.count() == 1


def test_the_role_page_shows_the_separation_refusal(client, security_admin_user, villages):
    user = make_user(Role.SYSADMIN, "440700000000", username="ops")
    client.force_login(security_admin_user)

    response = client.post(
        reverse("accounts:role_add", args=[user.pk]), {"role": Role.CITY_OFFICE, "region": "440700000000"}
    )

    assert "互相分离" in client.get(response["Location"]).content.decode()
    assert user.role_assignments.count() == 1


def test_data_roles_still_combine(security_admin_user, village_user):
    services.add_role(
        village_user, by=security_admin_user, role=Role.VILLAGE_CADRE, region_code="440703101202"
    )

    assert village_user.role_assignments.count() == 2


def test_a_security_admin_cannot_grant_a_role_to_a_peer(security_admin_user, second_security_admin_user):
    with pytest.raises(NotAllowed):
        services.add_role(
            second_security_admin_user,
            by=security_admin_user,
            role=Role.CITY_OFFICE,
            region_code="440700000000",
        )


def test_a_security_admin_cannot_make_another_security_admin(security_admin_user, village_user):
    with pytest.raises(DomainError, match="create_admin"):
        services.create_user(
            by=security_admin_user,
            username="sec3",
            password=NEW,
            role=Role.SECURITY_ADMIN,
            region_code="440700000000",
        )


def test_a_grant_is_audited_and_visible_to_the_auditor(security_admin_user, village_user, auditor_user):
    services.add_role(
        village_user, by=security_admin_user, role=Role.VILLAGE_CADRE, region_code="440703101202"
    )

    entries = AuditEntry.objects.visible_to(auditor_user).filter(action="accounts.roleassignment.added")
    assert [(e.actor_id, e.target_id) for e in entries] == [(security_admin_user.pk, str(village_user.pk))]


def test_the_sysadmin_manages_no_accounts_and_sees_no_personal_data(client, sysadmin_user, village_user):
    client.force_login(sysadmin_user)

    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_deactivate", args=[village_user.pk])).status_code == 403
    assert not sysadmin_user.has_scoped_perm("registry.view_household")
    with pytest.raises(NotAllowed):
        services.reset_password(village_user, by=sysadmin_user, password=NEW)


def test_the_auditor_reads_the_trail_and_changes_nothing(client, auditor_user, village_user):
    client.force_login(auditor_user)

    assert client.get(reverse("audit:entry_list")).status_code == 200
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_create"), {"username": "x"}).status_code == 403
    assert client.post(reverse("accounts:user_password", args=[village_user.pk])).status_code == 403
    assert client.post(reverse("accounts:role_add", args=[village_user.pk])).status_code == 403
    assert client.post(reverse("accounts:change_request_approve", args=[1])).status_code == 403
    assert not any(
        p for p in auditor_user._permission_prefixes if not p.startswith(("audit.view", "regions.view"))
    )


def test_one_security_admin_alone_cannot_reset_or_deactivate_an_auditor(security_admin_user, auditor_user):
    with pytest.raises(NotAllowed):
        services.reset_password(auditor_user, by=security_admin_user, password=NEW)
    with pytest.raises(NotAllowed):
        services.deactivate_user(auditor_user, by=security_admin_user)

    auditor_user.refresh_from_db()
    assert auditor_user.is_active and auditor_user.check_password(DEFAULT_PASSWORD)


def test_an_auditor_password_reset_needs_a_second_security_admin(
    security_admin_user, second_security_admin_user, auditor_user
):
    # given a request by one security administrator
    change = services.request_account_change(
        auditor_user, by=security_admin_user, kind=ChangeKind.RESET_PASSWORD, password=NEW
    )
    auditor_user.refresh_from_db()
    assert auditor_user.check_password(DEFAULT_PASSWORD)
    assert NEW not in change.password_hash
    # when the requester tries to approve it, it is refused
    with pytest.raises(NotAllowed):
        services.approve_account_change(change, by=security_admin_user)
    # when the second approves it, it is carried out, the auditor must change the password, both audited
    services.approve_account_change(change, by=second_security_admin_user)

    auditor_user.refresh_from_db()
    assert auditor_user.check_password(NEW)
    assert auditor_user.must_change_password
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.password_hash) == (
        ChangeStatus.DONE,
        second_security_admin_user,
        "",
    )
    actions = list(AuditEntry.objects.filter(target_id=str(auditor_user.pk)).values_list("action", flat=True))
    assert "accounts.changerequest.requested" in actions
    assert "accounts.changerequest.approved" in actions
    assert "accounts.user.password_reset" in actions


def test_deactivating_an_auditor_through_the_page_becomes_a_request_approved_by_another(
    client, security_admin_user, second_security_admin_user, auditor_user
):
    client.force_login(security_admin_user)
    client.post(reverse("accounts:user_deactivate", args=[auditor_user.pk]))
    auditor_user.refresh_from_db()
    assert auditor_user.is_active
    change = AccountChangeRequest.objects.get(target=auditor_user, kind=ChangeKind.DEACTIVATE)

    client.force_login(second_security_admin_user)
    listing = client.get(reverse("accounts:change_request_list"))
    assert auditor_user.username in listing.content.decode()
    client.post(reverse("accounts:change_request_approve", args=[change.pk]))

    assert not User.objects.get(pk=auditor_user.pk).is_active
    assert AuditEntry.objects.filter(
        action="accounts.user.deactivated", actor=second_security_admin_user
    ).exists()


def test_a_security_admin_cannot_approve_a_request_about_themselves(
    security_admin_user, second_security_admin_user
):
    change = services.request_account_change(
        second_security_admin_user, by=security_admin_user, kind=ChangeKind.DEACTIVATE
    )

    with pytest.raises(NotAllowed):
        services.approve_account_change(change, by=second_security_admin_user)
