"""Audit of sign-in events. Django and django-axes announce them as signals; AccountsConfig.ready() connects
these receivers (the only signal use in the project: the events happen inside third-party code)."""

from fupin.accounts.models import User
from fupin.audit.recorder import record
from fupin.core.middleware import current_ip


def _save(action, *, request, username, actor=None, target=None, ip_address=None):
    """One entry naming the username tried and the client IP, in the target user's region."""
    region = target.home_region if target is not None else None
    ip = ip_address or getattr(request, "axes_ip_address", None)
    if not ip and request is not None:
        ip = request.META.get("REMOTE_ADDR")
    ip = ip or current_ip.get()
    return record(
        action,
        by=actor,
        target=target,
        region_code=region.code if region else "",
        target_label=username,
        actor_name=username[:150] if actor is None else None,
        ip_address=ip,
        note=f"username={username} ip={ip or ''}" + ("" if target else " (unknown user)"),
    )


def _known_user(username):
    return User.objects.filter(username=username).first() if username else None


def on_logged_in(sender, request, user, **kwargs):
    _save("accounts.user.logged_in", request=request, username=user.username, actor=user, target=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        _save("accounts.user.logged_out", request=request, username=user.username, actor=user, target=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    _save("accounts.user.login_failed", request=request, username=username, target=_known_user(username))


def on_locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    _save(
        "accounts.user.locked_out",
        request=request,
        username=username,
        target=_known_user(username),
        ip_address=ip_address,
    )
