"""Users, their role assignments bound to regions, and personal API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fupin.accounts.roles import (
    ROLE_LEVELS,
    Role,
    domain_of,
    limited_permissions_of,
    needs_second_factor,
    permissions_of,
)
from fupin.core.fields import check_rule, optional_link
from fupin.core.regioncodes import in_prefix, minimal_prefixes, significant_prefix


class User(AbstractUser):
    """A person who signs in; what they may do and where comes from their role assignments."""

    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    unit = models.CharField(_("工作单位"), max_length=128, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")

    def __str__(self):
        return self.display_name or self.username

    @cached_property
    def _assignments(self) -> list:
        """The user's role assignments, read once per request (every scope question below asks them)."""
        if not self.is_active or not self.pk:
            return []
        return list(self.role_assignments.all())

    @cached_property
    def _grants(self) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
        """({permission: prefixes where it is held}, {permission: [(prefix, domain)] where it is held only
        over a department's domain (accounts.roles.DOMAIN_LIMITED), outside the first}."""
        full: dict[str, set[str]] = {}
        limited: dict[str, set[tuple[str, str]]] = {}
        if not self.is_active or not self.pk:
            return {}, {}
        for assignment in self._assignments:
            prefix = significant_prefix(assignment.region_id)
            only_domain = limited_permissions_of(assignment.role)
            domain = domain_of(assignment.unit)
            for permission in permissions_of(assignment.role, assignment.unit):
                if permission in only_domain:
                    limited.setdefault(permission, set()).add((prefix, domain))
                else:
                    full.setdefault(permission, set()).add(prefix)
        full_prefixes = {perm: minimal_prefixes(prefixes) for perm, prefixes in full.items()}
        return full_prefixes, {
            perm: sorted(p for p in pairs if not in_prefix(p[0].ljust(12, "0"), full_prefixes.get(perm, [])))
            for perm, pairs in limited.items()
        }

    @cached_property
    def _permission_prefixes(self) -> dict[str, list[str]]:
        """Every permission with the prefixes where it is held, over every record or over a domain's."""
        full, limited = self._grants
        merged = {perm: list(prefixes) for perm, prefixes in full.items()}
        for perm, pairs in limited.items():
            merged[perm] = sorted({*merged.get(perm, []), *(prefix for prefix, _domain in pairs)})
        return merged

    @cached_property
    def reach(self) -> list[str]:
        """The prefixes of every region the user holds a role in, whatever the role (core.scope's "the
        user's regions": outside them a record is not found, inside them a missing right is refused)."""
        if not self.is_active or not self.pk:
            return []
        return minimal_prefixes(significant_prefix(a.region_id) for a in self._assignments)

    def prefixes_for(self, permission: str) -> list[str]:
        """Region prefixes where this user holds the permission over every record ([] when nowhere)."""
        return self._grants[0].get(permission, [])

    def domains_for(self, permission: str) -> list[tuple[str, str]]:
        """(prefix, domain) where the user holds the permission only over the records of a department's
        domain (U2); `ScopedQuerySet.visible_to` reads them through the model's declared domains."""
        return self._grants[1].get(permission, [])

    def has_scoped_perm(self, permission: str, region_code: str | None = None) -> bool:
        prefixes = self.prefixes_for(permission) + [p for p, _domain in self.domains_for(permission)]
        if region_code is None:
            return bool(prefixes)
        return in_prefix(region_code, prefixes)

    @cached_property
    def roles(self) -> set[str]:
        return {a.role for a in self._assignments}

    @cached_property
    def needs_second_factor(self) -> bool:
        """Holds a system role or a role with the full-ID or export right (see roles.needs_second_factor)."""
        return self.is_active and any(needs_second_factor(role) for role in self.roles)

    def password_expired(self, max_age_days: int) -> bool:
        changed = self.password_changed_at or self.date_joined
        return max_age_days > 0 and timezone.now() - changed > timedelta(days=max_age_days)

    @cached_property
    def units(self) -> set[str]:
        return {a.unit for a in self._assignments if a.unit}

    def units_for(self, permission: str, region_code: str | None = None) -> set[str] | None:
        """The units on whose behalf the user holds `permission` (over the region, when given): None when an
        assignment grants it without a unit (an office acts on every record of its regions), else the units of
        its department assignments (a department acts only on the items and tasks of its own unit)."""
        units = set()
        for assignment in self._assignments:
            if permission not in permissions_of(assignment.role, assignment.unit):
                continue
            if region_code and not in_prefix(region_code, [significant_prefix(assignment.region_id)]):
                continue
            if assignment.role != Role.DEPARTMENT:
                return None
            units.update([assignment.unit] if assignment.unit else [])
        return units

    @cached_property
    def home_region(self):
        """The widest region of the user's assignments, for the home page and defaults."""
        assignments = sorted(
            self.role_assignments.select_related("region"), key=lambda a: len(a.region.prefix)
        )
        return assignments[0].region if assignments else None


class RoleAssignment(models.Model):
    """A role held by a user over a region subtree (and, for departments, on behalf of a unit)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区域"), on_delete=models.PROTECT, db_column="region_code"
    )
    unit = models.CharField(
        _("部门/单位"),
        max_length=128,
        blank=True,
        help_text=_("市直部门角色所代表的单位，例如 市人力资源社会保障局"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region", "unit"], name="role_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} @ {self.region_id}"

    def level_fits(self) -> bool:
        return self.region.level in ROLE_LEVELS.get(self.role, set())


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, the key is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=64)
    key_prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "fp_" + secrets.token_urlsafe(32)

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self):
        # A token without an expiry (issued before expiries existed) counts as expired.
        return self.expires_at is None or self.expires_at <= timezone.now()

    def revoke(self):
        self.revoked_at = timezone.now()


class ChangeKind(models.TextChoices):
    RESET_PASSWORD = "reset_password", _("重置密码")
    DEACTIVATE = "deactivate", _("停用账号")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("待批准")
    DONE = "done", _("已执行")
    REJECTED = "rejected", _("已驳回")


class AccountChangeRequest(models.Model):
    """A change to an auditor's or security administrator's account that a second security
    administrator must approve before it is carried out (two-person rule of 三权分立)."""

    kind = models.CharField(_("操作"), max_length=32, choices=ChangeKind.choices)
    target = models.ForeignKey(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="change_requests"
    )
    # The new password's hash for a reset: the password itself is never stored.
    password_hash = models.CharField(max_length=256, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = optional_link(User, _("批准人"))
    decided_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号变更申请")
        ordering = ["-requested_at"]
        constraints = [
            check_rule(
                models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
                "account_change_second_person",
                _("申请人不能批准自己的申请。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target}"
