"""The two audited writes most services start from: create a record, and update one optimistically.

A service with rules of its own (a quantity that may not fall below what is sold, a state to check) checks
them first, then calls one of these, so that every create and every versioned update is written and audited
the one way."""

from django.db.models import F
from django.utils import timezone

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError


def create_recorded(model, *, by, fields, values, action, **links):
    """A new record from the `fields` of `values` (plus `links`, e.g. its parent), audited with every field."""
    obj = model.objects.create(**links, **{k: v for k, v in values.items() if k in fields})
    record(action, by=by, target=obj, changes=diff({}, snapshot(obj, fields)))
    return obj


def update_versioned(
    obj, *, by, version, fields, values, action, extra=None, where=None, note="", region_code="", stored=False
):
    """Optimistic update of `fields` from `values`, audited as `action` with `note`: ConflictError when the
    version is stale or the row no longer meets the lookups of `where` (e.g. the status a move starts from).

    `extra` columns (a date, F() expressions) are written too, audited only if in `fields` and as they read
    after the write; `updated_at` is set when the model has one. `stored` takes the audit's "before" from
    the stored row, for an `obj` that a bound ModelForm has already changed. The entry's region is
    `region_code`, else the object's."""
    model = type(obj)
    before = snapshot(model.objects.select_for_update().get(pk=obj.pk) if stored else obj, fields)
    columns = {**{k: v for k, v in values.items() if k in fields}, **(extra or {})}
    if "updated_at" in {f.name for f in model._meta.concrete_fields}:
        columns.setdefault("updated_at", timezone.now())
    rows = model.objects.filter(pk=obj.pk, version=version, **(where or {}))
    if not rows.update(**columns, version=F("version") + 1):
        raise ConflictError()
    obj.refresh_from_db()
    changes = diff(before, snapshot(obj, fields))
    record(action, by=by, target=obj, region_code=region_code, changes=changes, note=note)
    return obj
