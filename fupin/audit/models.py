"""The audit trail: append-only business events with who, when, what, before and after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.models import ScopedQuerySet


class AuditEntryQuerySet(ScopedQuerySet):
    def visible_to(self, user, permission=None):
        """Entries in the auditor's regions; city-wide auditors also see entries tied to no region
        (for instance a failed login with an unknown user name)."""
        scoped = super().visible_to(user, permission)
        if user is not None and user.is_authenticated:
            prefixes = user.prefixes_for(permission or self.model.view_permission)
            if any(len(p) <= 4 for p in prefixes):
                return scoped | self.filter(region_code="")
        return scoped

    def for_target(self, target_type, target_id):
        return self.filter(target_type=target_type, target_id=str(target_id))


class AuditEntry(models.Model):
    """One business event (`registry.household.registered`), written by a service in its transaction."""

    view_permission = "audit.view_auditentry"

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("事件"), max_length=80, db_index=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=255, blank=True)
    # No index of its own: audit_region_time (region_code, created_at) serves every region lookup, and a
    # province import writes hundreds of thousands of entries (every index is written per entry).
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)
    source = models.CharField(
        _("来源"), max_length=128, blank=True, help_text=_("批量操作的来源，例如 import:42")
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["region_code", "created_at"], name="audit_region_time"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only")
