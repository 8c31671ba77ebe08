"""Users, their role assignments bound to regions, and personal API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fupin.accounts.roles import ROLE_LEVELS, Role, permissions_of
from fupin.core.regioncodes import in_prefix, minimal_prefixes, significant_prefix


class User(AbstractUser):
    """A person who signs in; what they may do and where comes from their role assignments."""

    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    unit = models.CharField(_("工作单位"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username

    @cached_property
    def _permission_prefixes(self) -> dict[str, list[str]]:
        by_permission: dict[str, set[str]] = {}
        if not self.is_active or not self.pk:
            return {}
        for assignment in self.role_assignments.all():
            prefix = significant_prefix(assignment.region_id)
            for permission in permissions_of(assignment.role):
                by_permission.setdefault(permission, set()).add(prefix)
        return {perm: minimal_prefixes(prefixes) for perm, prefixes in by_permission.items()}

    def prefixes_for(self, permission: str) -> list[str]:
        """Region prefixes where this user holds the permission ([] when nowhere)."""
        return self._permission_prefixes.get(permission, [])

    def has_scoped_perm(self, permission: str, region_code: str | None = None) -> bool:
        prefixes = self.prefixes_for(permission)
        if region_code is None:
            return bool(prefixes)
        return in_prefix(region_code, prefixes)

    @cached_property
    def roles(self) -> set[str]:
        return {a.role for a in self.role_assignments.all()}

    @cached_property
    def units(self) -> set[str]:
        return {a.unit for a in self.role_assignments.all() if a.unit}

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
        verbose_name_plural = _("角色分配")
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

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
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
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
