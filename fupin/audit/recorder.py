"""The one place that writes audit entries. Services call `record` inside their transaction; bulk writers
`build` entries and insert them with `record_many`. Both chain the entries (fupin.audit.chain)."""

from django.db.models import Model

from fupin.audit.chain import append
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


def record(action, *, actor_name=None, ip_address=None, **fields) -> AuditEntry:
    """One entry, chained, in the caller's transaction: the entry `build(action, **fields)` makes (`by`,
    `target`, `region_code`, `changes`, `note`, `source`, `target_label`). `actor_name` and `ip_address`
    override the actor's name (a sign-in attempt names the username tried) and the request's address."""
    entry = build(action, **fields)
    entry.actor_name = (actor_name or entry.actor_name)[:150]
    entry.ip_address = ip_address or entry.ip_address
    return append([entry])[0]


def record_many(entries, *, lane=""):
    """Insert entries made with `build` in one go, each placed in its hash chain (bulk writers). A long
    bulk transaction passes a `lane` (its source, `import:42`) to write chains of its own."""
    return append(list(entries), lane) if entries else []


def scope_of(user, permission) -> tuple[str, list[str]]:
    """The region an entry about what `user` did with `permission` belongs to, and the user's prefixes
    for it: the prefixes' common ancestor (padded to a 12-digit code), so every auditor above sees it."""
    prefixes = sorted(user.prefixes_for(permission)) if getattr(user, "is_authenticated", False) else []
    return _common_region(prefixes), prefixes


def _common_region(prefixes) -> str:
    if not prefixes:
        return ""
    common = prefixes[0]
    for prefix in prefixes[1:]:
        while not prefix.startswith(common):
            common = common[:-1]
    while len(common) not in (0, 2, 4, 6, 9, 12):  # a region's prefix, not a string's
        common = common[:-1]
    return common.ljust(12, "0") if common else ""


def user_scope(user, permission=None, *, audit_action="") -> tuple[str, list[str]]:
    """`scope_of` for `permission`, else for the view permission the action's model suggests
    (`registry.household.exported` -> `registry.view_household`), else over all the user's assignments."""
    if permission:
        return scope_of(user, permission)
    parts = audit_action.split(".")
    if len(parts) == 3:
        region_code, prefixes = scope_of(user, f"{parts[0]}.view_{parts[1]}")
        if prefixes:
            return region_code, prefixes
    if not getattr(user, "is_authenticated", False):
        return "", []
    prefixes = sorted({a.region.prefix for a in user.role_assignments.select_related("region")})
    return _common_region(prefixes), prefixes


def masked_filters(filters) -> dict:
    """Filter values as the trail keeps them: IDs and phones masked, and a search that looks like one."""
    return {name: _masked_filter(name, value) for name, value in sorted(dict(filters).items())}


def _masked_filter(name, value):
    if not isinstance(value, str):
        return value
    if "id_number" in name or "phone" in name:
        return mask_value(name, value)
    if name in ("q", "search") and sum(c.isdigit() for c in value) >= 7:
        return mask_value("phone" if len(value) <= 11 else "id_number", value)
    return value


def build(
    action, *, by=None, target=None, region_code="", changes=None, note="", source="", target_label=None
) -> AuditEntry:
    """An unsaved entry, for bulk writers that insert many at once with `record_many`."""
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
