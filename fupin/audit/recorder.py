"""The one place that writes audit entries. Services call `record` inside their transaction."""

from django.db.models import Model

from fupin.audit.models import AuditEntry
from fupin.core.masking import mask_value
from fupin.core.middleware import current_ip, current_request_id

# Fields whose values are masked in the trail (they are personal data).
SENSITIVE_FIELDS = {"id_number", "phone", "head_id_number", "bank_account", "cadre_phone"}


def _plain(value):
    if isinstance(value, Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def snapshot(instance, fields) -> dict:
    """Field values of a model instance as plain JSON values (FKs by their id)."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(instance, attname))
    return result


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields that changed, sensitive ones masked."""
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            if name in SENSITIVE_FIELDS:
                old, new = mask_value(name, old), mask_value(name, new)
            changes[name] = [old, new]
    return changes


def record(
    action, *, by=None, target=None, region_code="", changes=None, note="", source="", target_label=None
) -> AuditEntry:
    entry = build(
        action,
        by=by,
        target=target,
        region_code=region_code,
        changes=changes,
        note=note,
        source=source,
        target_label=target_label,
    )
    entry.save()
    return entry


def build(
    action, *, by=None, target=None, region_code="", changes=None, note="", source="", target_label=None
) -> AuditEntry:
    """An unsaved entry, for bulk writers that insert many at once with bulk_create."""
    actor = by if getattr(by, "pk", None) else None
    return AuditEntry(
        actor=actor,
        actor_name=str(by) if by is not None else "system",
        action=action,
        request_id=current_request_id.get(),
        ip_address=current_ip.get(),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(
            target_label if target_label is not None else str(target) if target is not None else ""
        )[:255],
        region_code=region_code or getattr(target, "region_code", "") or "",
        changes=changes or {},
        note=note,
        source=source,
    )
