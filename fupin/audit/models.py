"""The audit trail: append-only business events with who, when, what, before and after."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import user_field
from fupin.core.models import ScopedQuerySet


class AuditEntryQuerySet(ScopedQuerySet):
    # City-wide auditors also read entries tied to no region (a failed sign-in with an unknown name).
    unplaced = True

    def for_target(self, target_type, target_id):
        return self.filter(target_type=target_type, target_id=str(target_id))


class AuditEntry(models.Model):
    """One business event (`registry.household.registered`), written by a service in its transaction."""

    view_permission = "audit.view_auditentry"

    # Set by the recorder before the entry is hashed (auto_now_add would change it after).
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = user_field(_("操作人"))
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

    # The hash chain (fupin.audit.chain): the entry's place in the chain of its day and district (and lane), the hash
    # of the entry before it and its own hash over every field above and these.
    chain_key = models.CharField(_("链"), max_length=40)
    seq = models.PositiveBigIntegerField(_("链内序号"))
    prev_hash = models.CharField(_("前一条的哈希"), max_length=64)
    entry_hash = models.CharField(_("哈希"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["region_code", "created_at"], name="audit_region_time"),
        ]
        constraints = [
            # Also the order verify_audit walks a chain in; two writers forking a chain fail here.
            models.UniqueConstraint(fields=["chain_key", "seq"], name="audit_chain_seq"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        if not self.entry_hash:
            raise RuntimeError("Audit entries are written through fupin.audit.recorder (the hash chain)")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only")


class AuditChainHead(models.Model):
    """The last entry of one chain, updated in the transaction that appends to it (no scan to find it).

    After archiving, `start_*` is the archived last entry: the chain in the table continues from there."""

    chain_key = models.CharField(_("链"), max_length=40, primary_key=True)
    last_id = models.BigIntegerField(_("最后一条"), null=True, blank=True)
    last_seq = models.PositiveBigIntegerField(_("最后序号"), default=0)
    last_hash = models.CharField(_("最后哈希"), max_length=64)
    start_seq = models.PositiveBigIntegerField(_("起始序号"), default=0)
    start_hash = models.CharField(_("起始哈希"), max_length=64)
    archived_to = models.CharField(_("归档文件"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self):
        return f"{self.chain_key} #{self.last_seq}"


class RefusalCounter(models.Model):
    """How many 403/404 answers to record routes a user got on one day (an alert above a threshold)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("拒绝计数")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="audit_refusal_user_day")]

    def __str__(self):
        return f"{self.user_id} {self.day} {self.count}"
