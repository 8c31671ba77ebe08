"""The two audited writes most services start from: create a record, and update one optimistically.

A service with rules of its own (a quantity that may not fall below what is sold, a state to check) checks
them first, then calls one of these, so that every create and every versioned update is written and audited
the one way."""

from django.db.models import F

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError


def create_recorded(model, *, by, fields, values, action, **links):
    """A new record from the `fields` of `values` (plus `links`, e.g. its parent), audited with every field."""
    obj = model.objects.create(**links, **{k: v for k, v in values.items() if k in fields})
    record(action, by=by, target=obj, changes=diff({}, snapshot(obj, fields)))
    return obj


def update_versioned(obj, *, by, version, fields, values, action, extra=None):
    """Optimistic update of `fields` from `values` (plus `extra` columns, e.g. F() expressions, not audited
    as given but as they read after the write): ConflictError when the version is stale."""
    before = snapshot(obj, fields)
    changes = {k: v for k, v in values.items() if k in fields}
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=version)
        .update(**changes, **(extra or {}), version=F("version") + 1)
    )
    if not updated:
        raise ConflictError()
    obj.refresh_from_db()
    record(
        action, by=by, target=obj, region_code=obj.region_code, changes=diff(before, snapshot(obj, fields))
    )
    return obj
