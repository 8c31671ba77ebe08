"""Domain errors raised by services; interfaces turn them into messages, 404s or 409s."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the change; the message is for the user."""

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self):
        return str(self.message)


class ConflictError(DomainError):
    """Someone else changed the record since it was read (a stale version)."""

    def __init__(self, message=None):
        super().__init__(
            message or _("该记录已被他人修改，请刷新页面后重新填写。"),
            code="conflict",
        )


class OutOfScope(DomainError):
    """The record is outside the actor's region scope; shown to users as 'not found'."""

    def __init__(self, message=None):
        super().__init__(message or _("记录不存在。"), code="not_found")


class NotAllowed(DomainError):
    """The actor lacks the permission for this action."""

    def __init__(self, message=None):
        super().__init__(message or _("您没有执行此操作的权限。"), code="forbidden")


@contextmanager
def refused_if_duplicate(message, *, field=None):
    """The write inside, refused as a DomainError with `message` when it breaks a unique constraint (in a
    savepoint: the caller's transaction stays usable)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise DomainError(message, field=field) from None
