"""Account use cases: users, role assignments, passwords and personal API tokens. Atomic and audited."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.accounts.models import ApiToken, RoleAssignment, User
from fupin.accounts.queries import MANAGE_USERS, users_visible_to
from fupin.accounts.roles import ROLE_LEVELS, Role
from fupin.audit.recorder import record
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.core.regioncodes import in_prefix
from fupin.regions.models import Region


def _require_manager(by):
    if not by.has_scoped_perm(MANAGE_USERS):
        raise NotAllowed()


def _manageable_region(by, region_code) -> Region:
    """The region, if the manager may assign roles there; the level must suit the role."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    if not by.has_scoped_perm(MANAGE_USERS, region.code):
        raise DomainError(_("只能在您管理的区域内分配角色。"), field="region")
    return region


def _check_manageable_user(by, user):
    """The user must be visible to the manager and hold no role outside the manager's scope."""
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
        raise NotAllowed(_("不能修改自己的角色，请由其他系统管理员操作。"))


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
    _require_manager(by)
    region = _manageable_region(by, region_code)
    _check_role(role, region, role_unit)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已存在。"), field="username")
    user = User(username=username, display_name=display_name, phone=phone, unit=unit)
    _validate_password(password, user)
    user.set_password(password)
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
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    record(
        "accounts.user.deactivated",
        by=by,
        target=user,
        region_code=_primary_region_code(user),
        changes={"is_active": [True, False]},
        note=note,
    )


@transaction.atomic
def reactivate_user(user, *, by):
    _check_manageable_user(by, user)
    if user.is_active:
        raise DomainError(_("该账号已是启用状态。"))
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    record(
        "accounts.user.reactivated",
        by=by,
        target=user,
        region_code=_primary_region_code(user),
        changes={"is_active": [False, True]},
    )


@transaction.atomic
def reset_password(user, *, by, password):
    """A manager sets a new password (the value is never recorded)."""
    _check_manageable_user(by, user)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record("accounts.user.password_reset", by=by, target=user, region_code=_primary_region_code(user))


@transaction.atomic
def create_api_token(*, by, name) -> tuple[ApiToken, str]:
    """A personal token for `by`; returns the token and its key, which is shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写令牌名称。"), field="name")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=by, name=name[:64], key_prefix=key[3:11], key_hash=ApiToken.hash_key(key)
    )
    record(
        "accounts.apitoken.created",
        by=by,
        target=token,
        region_code=_primary_region_code(by),
        changes={"name": [None, token.name]},
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
def create_first_admin(*, username, password, region_code) -> User:
    """The bootstrap administrator (from the create_admin command; no actor exists yet)."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    _check_role(Role.SYSADMIN, region, "")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已存在。"), field="username")
    user = User(username=username)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.SYSADMIN, region=region)
    record(
        "accounts.user.created",
        by=None,
        target=user,
        region_code=region.code,
        changes={"username": [None, username], "role": [None, Role.SYSADMIN], "region": [None, region.code]},
        note="create_admin",
    )
    return user
