from django.utils import timezone

from fupin.core.views import require_perm  # noqa: F401  (the ledger views import it from here)


def today():
    return timezone.localdate()


def with_labels(items):
    """Attach display labels once per request: get_FOO_display re-flattens the choices on every call."""
    from fupin.ledgers.choices import Category, ItemStatus, LedgerKind, Priority

    maps = {
        name: {k: str(v) for k, v in enum.choices}
        for name, enum in (
            ("kind", LedgerKind),
            ("category", Category),
            ("priority", Priority),
            ("status", ItemStatus),
        )
    }
    items = list(items)
    for item in items:
        for name, labels in maps.items():
            setattr(item, f"{name}_label", labels.get(getattr(item, name), ""))
    return items
