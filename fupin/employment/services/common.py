"""What every employment service shares: the permission codes and the optimistic update."""

from django.db.models import F

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError

CHANGE, RUN, APPROVE = "employment.change_laborer", "employment.run_matching", "employment.approve_subsidy"


def create_recorded(model, *, by, fields, values, action, **links):
    """A new record from the `fields` of `values` (plus `links`, e.g. its parent), audited with every field."""
    obj = model.objects.create(**links, **{k: v for k, v in values.items() if k in fields})
    record(action, by=by, target=obj, changes=diff({}, snapshot(obj, fields)))
    return obj


def update_versioned(model, obj, *, by, version, fields, values, action):
    """Optimistic update of `fields` from `values`: ConflictError when the version is stale."""
    before = snapshot(obj, fields)
    changes = {k: v for k, v in values.items() if k in fields}
    updated = model.objects.filter(pk=obj.pk, version=version).update(**changes, version=F("version") + 1)
    if not updated:
        raise ConflictError()
    obj.refresh_from_db()
    record(
        action, by=by, target=obj, region_code=obj.region_code, changes=diff(before, snapshot(obj, fields))
    )
    return obj
