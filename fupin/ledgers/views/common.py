from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError
from fupin.core.views import require_perm  # noqa: F401  (the ledger views import it from here)
from fupin.registry import queries as registry_queries


def today():
    return timezone.localdate()


def household_numbered(user, number):
    """The household of the number typed in a form's `household_number`, if the user may see it; else a
    DomainError on that field."""
    household = registry_queries.households_visible_to(user).filter(number=number).first()
    if household is None:
        raise DomainError(_("户编号不存在或不在您的范围内。"), field="household_number")
    return household


def decide(service, decision, user):
    """The action of a workflow button on a versioned record (start, close, accept, return …), for
    `run_action`: `service(record, by=user, version=…)`, given the reason the form sent for a return."""

    def act(record, data):
        extra = {"reason": data["reason"]} if decision == "return" else {}
        return service(record, by=user, version=data["version"], **extra)

    return act


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
