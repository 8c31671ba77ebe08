"""Masking of personal values for lists, exports and the audit trail."""

import os


def mask_id_number(value: str | None) -> str:
    """440703199001011234 -> 440703**********34 (area code and last two kept)."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 8) + value[-2:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_value(field: str, value):
    if value in (None, ""):
        return value
    if "phone" in field:
        return mask_phone(value)
    return mask_id_number(value)


FULL_ID = "registry.view_full_id"
_MASKS = {"id_number": mask_id_number, "phone": mask_phone}
_LEVELS = (12, 9, 6, 4, 2)  # significant lengths of division codes


class MaskedPersonalFieldsMixin:
    """Serializer mixin: the fields named in `personal_fields` ({field: "id_number" | "phone"}) are masked
    unless the request's user holds `registry.view_full_id` for the record's region (`region_code`).
    Full values shown are counted on the request; `PersonalDataAuditMixin` audits them once per response.
    A masked value sent back unchanged (read, edited elsewhere, sent back) keeps the stored value."""

    personal_fields = {}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        region = _region_of(instance)
        full = bool(user and user.is_authenticated and user.has_scoped_perm(FULL_ID, region))
        for name, kind in self.personal_fields.items():
            if not data.get(name):
                continue
            if not full:
                data[name] = _MASKS[kind](data[name])
                continue
            shown = request.__dict__.setdefault(
                "full_values_shown", {"id_number": 0, "phone": 0, "regions": set()}
            )
            shown[kind] += 1
            shown["regions"].add(region)
        return data

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name, kind in self.personal_fields.items():
                stored = getattr(self.instance, name, None)
                if stored and name in values and values[name] == _MASKS[kind](stored):
                    values.pop(name)  # sent back as shown: unchanged
        return values


def _region_of(instance):
    return getattr(instance, "region_code", None) or getattr(instance, "region_id", None) or ""


def _scope_of(regions):
    """The region code (12 digits, zero-filled) of the smallest division holding all the regions."""
    prefix = os.path.commonprefix(sorted(regions)) if regions else ""  # noqa: RUF071 (codes, not paths)
    length = next((n for n in _LEVELS if n <= len(prefix)), 0)
    return prefix[:length].ljust(12, "0") if length else ""


class PersonalDataAuditMixin:
    """Viewset mixin: one audit entry per response that showed full IDs or phones (how many of each), in
    the smallest division holding the records shown."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        shown = request.__dict__.get("full_values_shown")
        if shown and (shown["id_number"] or shown["phone"]) and response.status_code < 400:
            from django.db import transaction

            from fupin.core.auditing import record

            model = self.queryset_model or self.get_queryset().model
            with transaction.atomic():
                record(
                    f"{model._meta.label_lower}.full_values_shown",
                    by=request.user,
                    region_code=_scope_of(shown["regions"]),
                    changes={"full_ids": [None, shown["id_number"]], "full_phones": [None, shown["phone"]]},
                    note=request.path[:500],  # not the query: it may hold a full ID
                )
        return response
