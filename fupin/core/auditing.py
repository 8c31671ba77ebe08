"""The audit port of core: core's interface helpers (exports, audited API lists, full-value reads, the
re-seal command) write their audit entries through these four functions, which the audit app fills in when
it starts (`fupin.audit.apps.AuditConfig.ready` calls `install(fupin.audit.recorder)`).

Core is the bottom layer and depends on no app; the audit app builds on core (its models are scoped
querysets, the recorder masks with core's masking). Without this port the two would import each other.
Domain apps call `fupin.audit.recorder` directly, as before.
"""

from django.core.exceptions import ImproperlyConfigured

_recorder = None


def install(recorder):
    """Use `recorder` (a module or object with record, scope_of, user_scope and masked_filters)."""
    global _recorder
    _recorder = recorder


def _installed():
    if _recorder is None:
        raise ImproperlyConfigured("fupin.audit is not in INSTALLED_APPS: core has nowhere to audit to.")
    return _recorder


def record(action, **kwargs):
    """fupin.audit.recorder.record: one entry in the caller's transaction."""
    return _installed().record(action, **kwargs)


def scope_of(user, permission):
    """fupin.audit.recorder.scope_of: (region code, prefixes) of the user's scope for `permission`."""
    return _installed().scope_of(user, permission)


def user_scope(user, permission=None, *, audit_action=""):
    """fupin.audit.recorder.user_scope: scope_of, with the permission guessed from the action."""
    return _installed().user_scope(user, permission, audit_action=audit_action)


def masked_filters(filters):
    """fupin.audit.recorder.masked_filters: filter values as the trail keeps them."""
    return _installed().masked_filters(filters)
