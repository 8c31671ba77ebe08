"""Account use cases: users, role assignments, passwords and personal API tokens. Atomic and audited."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.accounts.models import (
    AccountChangeRequest,
    ApiToken,
    ChangeKind,
    ChangeStatus,
    RoleAssignment,
    User,
)
from fupin.accounts.queries import MANAGE_USERS, users_visible_to
from fupin.accounts.roles import ROLE_LEVELS, SYSTEM_ROLES, Role
from fupin.audit.recorder import record
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.core.regioncodes import in_prefix
from fupin.core.scope import check_anywhere, check_scope, in_reach
from fupin.regions.models import Region


def _require_manager(by):
    check_anywhere(by, MANAGE_USERS)


def _manageable_region(by, region_code) -> Region:
    """The region, if the manager may assign roles there; the level must suit the role."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    if not by.has_scoped_perm(MANAGE_USERS, region.code):
        raise DomainError(_("只能在您管理的区域内分配角色。"), field="region")
    return region


def _check_manageable_user(by, user):
    """The one scope rule (core.scope): a user of no region of the actor's is not found (OutOfScope); a
    manager must then hold accounts.manage_users over one of the user's roles and none outside it."""
    codes = list(user.role_assignments.values_list("region_id", flat=True))
    if codes and not any(in_reach(by, code) for code in codes):
        raise OutOfScope()
    _require_manager(by)
    if not users_visible_to(by).filter(pk=user.pk).exists():
        raise OutOfScope()
    prefixes = by.prefixes_for(MANAGE_USERS)
    if any(
        not in_prefix(code, prefixes) for code in user.role_assignments.values_list("region_id", flat=True)
    ):
        raise NotAllowed(_("该用户在您管理范围以外也有角色，请联系上级系统管理员。"))


def _refuse_self(by, user):
    # Separation of duties: an administrator cannot widen their own rights (e.g. grant themselves
    # registry access); another administrator has to do it, and the audit trail shows who.
    if user.pk == by.pk:
        raise NotAllowed(_("不能修改自己的角色，请由其他安全管理员操作。"))
    if Role.SECURITY_ADMIN in user.roles:
        raise NotAllowed(_("不能修改其他安全管理员的角色。"))


# Accounts whose password reset or deactivation needs a second security administrator's approval.
GUARDED_ROLES = {Role.AUDITOR, Role.SECURITY_ADMIN}


def needs_second_approval(user) -> bool:
    return bool(user.roles & GUARDED_ROLES)


def _check_separation(roles_held, role):
    """三权分立: a system role is held alone; no account combines two system roles or one with a data role."""
    if not roles_held:
        return
    if role in SYSTEM_ROLES or roles_held & SYSTEM_ROLES:
        raise DomainError(
            _("系统管理员、安全管理员、审计员三种角色互相分离，不能同时担任，也不能兼任业务角色。"),
            field="role",
        )


def _refuse_security_admin_grant(role):
    # A security administrator creating another would make the two-person rule a one-person rule.
    if role == Role.SECURITY_ADMIN:
        raise DomainError(_("安全管理员账号只能在服务器上用 create_admin 命令创建。"), field="role")


def _validate_password(password, user):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password1") from exc


def _check_role(role, region, unit):
    if role not in Role.values:
        raise DomainError(_("角色无效。"), field="role")
    if region.level not in ROLE_LEVELS.get(role, set()):
        raise DomainError(
            _("角色“%(role)s”不能分配在%(level)s级区域。")
            % {"role": Role(role).label, "level": region.get_level_display()},
            field="region",
        )
    if role == Role.DEPARTMENT and not unit:
        raise DomainError(_("市直部门角色必须填写所代表的单位。"), field="unit")


def _primary_region_code(user) -> str:
    region = user.home_region
    return region.code if region else ""


@transaction.atomic
def create_user(
    *, by, username, password, role, region_code, display_name="", phone="", unit="", role_unit=""
) -> User:
    """A new active user with one role assignment; the password must pass the password policy."""
    if not by.has_scoped_perm(MANAGE_USERS):  # OutOfScope outside the actor's regions, else NotAllowed
        check_scope(by, MANAGE_USERS, region_code)
    _refuse_security_admin_grant(role)
    region = _manageable_region(by, region_code)
    _check_role(role, region, role_unit)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已存在。"), field="username")
    user = User(username=username, display_name=display_name, phone=phone, unit=unit)
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True  # the manager knows the initial password
    user.save()
    RoleAssignment.objects.create(user=user, role=role, region=region, unit=role_unit)
    record(
        "accounts.user.created",
        by=by,
        target=user,
        region_code=region.code,
        changes={"username": [None, username], "role": [None, role], "region": [None, region.code]},
    )
    return user


@transaction.atomic
def add_role(user, *, by, role, region_code, unit="") -> RoleAssignment:
    _check_manageable_user(by, user)
    _refuse_self(by, user)
    _refuse_security_admin_grant(role)
    _check_separation(user.roles, role)
    region = _manageable_region(by, region_code)
    _check_role(role, region, unit)
    if user.role_assignments.filter(role=role, region=region, unit=unit).exists():
        raise DomainError(_("该用户已有此角色分配。"), field="role")
    assignment = RoleAssignment.objects.create(user=user, role=role, region=region, unit=unit)
    record(
        "accounts.roleassignment.added",
        by=by,
        target=user,
        region_code=region.code,
        changes={"role": [None, role], "region": [None, region.code], "unit": [None, unit]},
    )
    return assignment


@transaction.atomic
def remove_role(assignment, *, by):
    """Remove one assignment; the last one stays (deactivate the user instead)."""
    user = assignment.user
    _check_manageable_user(by, user)
    _refuse_self(by, user)
    if user.role_assignments.count() <= 1:
        raise DomainError(_("用户至少保留一个角色；如需停用账号，请使用“停用”。"))
    before = {"role": assignment.role, "region": assignment.region_id, "unit": assignment.unit}
    assignment.delete()
    record(
        "accounts.roleassignment.removed",
        by=by,
        target=user,
        region_code=before["region"],
        changes={key: [value, None] for key, value in before.items()},
    )


@transaction.atomic
def deactivate_user(user, *, by, note=""):
    """The user can no longer sign in; their tokens stop working (authentication checks is_active)."""
    _check_manageable_user(by, user)
    if user.pk == by.pk:
        raise DomainError(_("不能停用自己的账号。"))
    if not user.is_active:
        raise DomainError(_("该账号已停用。"))
    _refuse_guarded(user)
    _set_active(user, False, by=by, action="accounts.user.deactivated", note=note)


def _refuse_guarded(user):
    if needs_second_approval(user):
        raise NotAllowed(_("审计员和安全管理员账号的重置密码或停用须由另一名安全管理员批准，请提交申请。"))


def _set_active(user, active, *, by, action, note=""):
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    record(
        action,
        by=by,
        target=user,
        region_code=_primary_region_code(user),
        changes={"is_active": [not active, active]},
        note=note,
    )


@transaction.atomic
def reactivate_user(user, *, by):
    _check_manageable_user(by, user)
    if user.is_active:
        raise DomainError(_("该账号已是启用状态。"))
    _set_active(user, True, by=by, action="accounts.user.reactivated")


@transaction.atomic
def reset_password(user, *, by, password):
    """A manager sets a new password (the value is never recorded); the user must change it at the next
    sign-in."""
    _check_manageable_user(by, user)
    if user.pk == by.pk:
        raise NotAllowed(_("请在“修改密码”页修改自己的密码。"))
    _refuse_guarded(user)
    _validate_password(password, user)
    user.set_password(password)
    _set_reset_password(user, by=by)


def _set_reset_password(user, *, by):
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record("accounts.user.password_reset", by=by, target=user, region_code=_primary_region_code(user))


@transaction.atomic
def create_api_token(*, by, name, days=None) -> tuple[ApiToken, str]:
    """A personal token for `by`, valid for `days` (default and maximum from the settings); returns the
    token and its key, which is shown once and never stored. The interfaces refuse to call this for a
    request authenticated by a token, so no token outlives the session that made it beyond its expiry."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写令牌名称。"), field="name")
    days = days or settings.API_TOKEN_DEFAULT_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(
            _("有效期须在 1 到 %(max)d 天之间。") % {"max": settings.API_TOKEN_MAX_DAYS}, field="days"
        )
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=by,
        name=name[:64],
        key_prefix=key[3:11],
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        "accounts.apitoken.created",
        by=by,
        target=token,
        region_code=_primary_region_code(by),
        changes={"name": [None, token.name], "expires_at": [None, token.expires_at.isoformat()]},
    )
    return token, key


@transaction.atomic
def revoke_api_token(token, *, by):
    if token.user_id != by.pk:
        raise OutOfScope()
    if token.revoked_at is not None:
        raise DomainError(_("该令牌已撤销。"))
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
    token.revoked_at = now
    record("accounts.apitoken.revoked", by=by, target=token, region_code=_primary_region_code(by))


@transaction.atomic
def create_first_admin(*, username, password, region_code, role=Role.SECURITY_ADMIN) -> User:
    """A system account made on the server (the create_admin command; no actor exists yet): the first
    security administrator, and the only way to add another one, a system administrator or an auditor
    without a security administrator."""
    if role not in SYSTEM_ROLES:
        raise DomainError(_("角色无效。"), field="role")
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    _check_role(role, region, "")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已存在。"), field="username")
    user = User(username=username)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=role, region=region)
    record(
        "accounts.user.created",
        by=None,
        target=user,
        region_code=region.code,
        changes={"username": [None, username], "role": [None, str(role)], "region": [None, region.code]},
        note="create_admin",
    )
    return user


@transaction.atomic
def change_own_password(*, by, old_password, new_password):
    """The user changes their own password (also when forced after a reset or when it is too old)."""
    if not by.check_password(old_password):
        raise DomainError(_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise DomainError(_("新密码不能与原密码相同。"), field="new_password1")
    try:
        password_validation.validate_password(new_password, by)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="new_password1") from exc
    by.set_password(new_password)
    by.must_change_password = False
    by.password_changed_at = timezone.now()
    by.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record("accounts.user.password_changed", by=by, target=by, region_code=_primary_region_code(by))


@transaction.atomic
def reset_second_factor(user, *, by):
    """Remove a user's authenticator and recovery codes (lost phone); they enrol again at next sign-in."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _check_manageable_user(by, user)
    if user.pk == by.pk:
        raise NotAllowed(_("不能重置自己的动态验证码设备，请由其他安全管理员操作。"))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("accounts.otp.reset", by=by, target=user, region_code=_primary_region_code(user))


@transaction.atomic
def request_account_change(user, *, by, kind, password="", note="") -> AccountChangeRequest:
    """Ask for a password reset or deactivation of an auditor or security administrator; another
    security administrator approves it (approve_account_change)."""
    _check_manageable_user(by, user)
    if user.pk == by.pk:
        raise NotAllowed(_("不能为自己提交此申请。"))
    if kind not in ChangeKind.values:
        raise DomainError(_("操作无效。"), field="kind")
    if kind == ChangeKind.RESET_PASSWORD:
        _validate_password(password, user)
    if user.change_requests.filter(kind=kind, status=ChangeStatus.PENDING).exists():
        raise DomainError(_("已有一项相同的申请在等待批准。"))
    change = AccountChangeRequest.objects.create(
        kind=kind,
        target=user,
        requested_by=by,
        note=note[:200],
        password_hash=make_password(password) if kind == ChangeKind.RESET_PASSWORD else "",
    )
    record(
        "accounts.changerequest.requested",
        by=by,
        target=user,
        region_code=_primary_region_code(user),
        changes={"kind": [None, kind]},
        note=note,
    )
    return change


def _decide(change, *, by, status):
    _check_manageable_user(by, change.target)
    if change.status != ChangeStatus.PENDING:
        raise DomainError(_("该申请已处理。"))
    if by.pk in (change.requested_by_id, change.target_id):
        raise NotAllowed(_("须由申请人和当事人以外的另一名安全管理员批准。"))
    updated = AccountChangeRequest.objects.filter(pk=change.pk, status=ChangeStatus.PENDING).update(
        status=status, decided_by=by, decided_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("该申请已处理。"))
    change.status = status


@transaction.atomic
def approve_account_change(change, *, by):
    """A second security administrator approves; the change is carried out and audited with both names."""
    _decide(change, by=by, status=ChangeStatus.DONE)
    user = change.target
    note = f"requested_by={change.requested_by.username} approved_by={by.username}"
    if change.kind == ChangeKind.RESET_PASSWORD:
        user.password = change.password_hash
        _set_reset_password(user, by=by)
        AccountChangeRequest.objects.filter(pk=change.pk).update(
            password_hash=""
        )  # clears the stored hash, no password  # nosec B106
    elif not user.is_active:
        raise DomainError(_("该账号已停用。"))
    else:
        _set_active(user, False, by=by, action="accounts.user.deactivated", note=note)
    record(
        "accounts.changerequest.approved",
        by=by,
        target=user,
        region_code=_primary_region_code(user),
        changes={"kind": [None, change.kind]},
        note=note,
    )


@transaction.atomic
def reject_account_change(change, *, by):
    _decide(change, by=by, status=ChangeStatus.REJECTED)
    AccountChangeRequest.objects.filter(pk=change.pk).update(
        password_hash=""
    )  # clears the stored hash, no password  # nosec B106
    record(
        "accounts.changerequest.rejected",
        by=by,
        target=change.target,
        region_code=_primary_region_code(change.target),
        changes={"kind": [None, change.kind]},
    )
