"""Domain errors raised by services; interfaces turn them into messages, 404s or 409s."""

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
