"""Masking of personal values for lists, exports and the audit trail."""


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
