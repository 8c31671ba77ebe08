"""User management services: scope, policy and one audit entry per change."""

import pytest

from fupin.accounts import services
from fupin.accounts.models import ApiToken, RoleAssignment, User
from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed, OutOfScope

GOOD = "Lychee-Ferry-58"


def _new_village_cadre(by, username="cadre1", region="440703101201"):
    return services.create_user(
        by=by,
        username=username,
        password=GOOD,
        role=Role.VILLAGE_CADRE,
        region_code=region,
        display_name="李村干",
    )


def test_security_admin_creates_a_user_with_a_role_and_it_is_audited(security_admin_user):
    user = _new_village_cadre(security_admin_user)

    assert user.check_password(GOOD)
    assert list(user.role_assignments.values_list("role", "region_id")) == [
        (Role.VILLAGE_CADRE, "440703101201")
    ]
    entry = AuditEntry.objects.get(action="accounts.user.created", target_id=str(user.pk))
    assert entry.actor == security_admin_user
    assert entry.region_code == "440703101201"
    assert entry.changes["role"] == [None, Role.VILLAGE_CADRE]
    assert GOOD not in str(entry.changes)


def test_creating_a_user_with_a_weak_password_is_refused(security_admin_user):
    with pytest.raises(DomainError) as exc:
        services.create_user(
            by=security_admin_user,
            username="weak",
            password="password",
            role=Role.VILLAGE_CADRE,
            region_code="440703101201",
        )

    assert exc.value.field == "password1"
    assert not User.objects.filter(username="weak").exists()
    assert not AuditEntry.objects.filter(action="accounts.user.created").exists()


def test_creating_a_duplicate_username_is_refused(security_admin_user, village_user):
    with pytest.raises(DomainError) as exc:
        _new_village_cadre(security_admin_user, username="Village")

    assert exc.value.field == "username"


def test_role_must_suit_the_region_level(security_admin_user):
    with pytest.raises(DomainError) as exc:
        services.create_user(
            by=security_admin_user,
            username="x1",
            password=GOOD,
            role=Role.VILLAGE_CADRE,
            region_code="440703000000",
        )

    assert exc.value.field == "region"


def test_department_role_needs_a_unit(security_admin_user):
    with pytest.raises(DomainError) as exc:
        services.create_user(
            by=security_admin_user,
            username="x2",
            password=GOOD,
            role=Role.DEPARTMENT,
            region_code="440700000000",
        )

    assert exc.value.field == "unit"


def test_a_user_without_manage_users_cannot_create_users(district_user):
    with pytest.raises(NotAllowed):
        _new_village_cadre(district_user)


def test_security_admin_cannot_assign_roles_outside_their_region(security_admin_user):
    with pytest.raises(DomainError) as exc:
        services.create_user(
            by=security_admin_user,
            username="x3",
            password=GOOD,
            role=Role.PAIRED_COUNTERPART,
            region_code="451425000000",
        )

    assert exc.value.field == "region"


def test_security_admin_adds_and_removes_a_role_with_audit(security_admin_user, village_user):
    assignment = services.add_role(
        village_user, by=security_admin_user, role=Role.VILLAGE_CADRE, region_code="440703101202"
    )

    assert (
        AuditEntry.objects.filter(
            action="accounts.roleassignment.added", target_id=str(village_user.pk), region_code="440703101202"
        ).count()
        == 1
    )

    services.remove_role(assignment, by=security_admin_user)

    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    entry = AuditEntry.objects.get(action="accounts.roleassignment.removed")
    assert entry.changes["region"] == ["440703101202", None]


def test_the_last_role_cannot_be_removed(security_admin_user, village_user):
    with pytest.raises(DomainError):
        services.remove_role(village_user.role_assignments.get(), by=security_admin_user)

    assert village_user.role_assignments.count() == 1


def test_deactivated_user_cannot_log_in_and_it_is_audited(client, security_admin_user, village_user):
    services.deactivate_user(village_user, by=security_admin_user)

    assert not User.objects.get(pk=village_user.pk).is_active
    assert AuditEntry.objects.filter(
        action="accounts.user.deactivated", target_id=str(village_user.pk)
    ).exists()
    response = client.post("/accounts/login/", {"username": "village", "password": "Fupin-Test-2020"})
    assert response.status_code == 200


def test_security_admin_cannot_deactivate_themselves(security_admin_user):
    with pytest.raises(DomainError):
        services.deactivate_user(security_admin_user, by=security_admin_user)


def test_reset_password_sets_a_new_password_and_audits_without_the_value(security_admin_user, village_user):
    services.reset_password(village_user, by=security_admin_user, password=GOOD)

    village_user.refresh_from_db()
    assert village_user.check_password(GOOD)
    entry = AuditEntry.objects.get(action="accounts.user.password_reset")
    assert entry.changes == {}
    assert GOOD not in entry.note


def test_security_admin_of_another_city_cannot_manage_jiangmen_users(villages, village_user):
    chongzuo_admin = make_user(Role.SECURITY_ADMIN, "451400000000", username="czadmin")

    with pytest.raises(OutOfScope):
        services.deactivate_user(village_user, by=chongzuo_admin)


def test_a_user_with_roles_outside_the_managers_scope_cannot_be_changed(villages, village_user):
    services_admin = make_user(Role.SECURITY_ADMIN, "440700000000", username="jm")
    RoleAssignment.objects.create(user=village_user, role=Role.PAIRED_COUNTERPART, region_id="451425000000")

    with pytest.raises(NotAllowed):
        services.reset_password(village_user, by=services_admin, password=GOOD)


def test_api_token_create_and_revoke_are_audited(village_user):
    token, key = services.create_api_token(by=village_user, name="脚本")

    assert key.startswith("fp_")
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert AuditEntry.objects.filter(action="accounts.apitoken.created", actor=village_user).count() == 1

    services.revoke_api_token(token, by=village_user)

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.apitoken.revoked", actor=village_user).count() == 1


def test_a_user_cannot_revoke_someone_elses_token(village_user, other_village_user):
    token, _key = services.create_api_token(by=other_village_user, name="x")

    with pytest.raises(OutOfScope):
        services.revoke_api_token(token, by=village_user)


def test_a_security_admin_cannot_grant_themselves_a_role(security_admin_user):
    with pytest.raises(NotAllowed):
        services.add_role(
            security_admin_user, by=security_admin_user, role=Role.CITY_OFFICE, region_code="440700000000"
        )

    assert not security_admin_user.has_scoped_perm("registry.view_household")
    assert security_admin_user.role_assignments.count() == 1
