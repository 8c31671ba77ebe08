"""One error format for the whole API: {"error": code, "message": text, "fields": {...}}."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope


def exception_handler(exc, context):
    """Every error as {"error": code, "message": text, "fields": {...}}."""
    if isinstance(exc, OutOfScope):
        exc = Http404()
    elif isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(str(exc))
    if isinstance(exc, ConflictError):
        return Response({"error": "conflict", "message": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        body = {"error": exc.code or "invalid", "message": str(exc)}
        if exc.field:
            body["fields"] = {exc.field: [str(exc)]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        fields = getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages}
        return Response(
            {"error": "invalid", "message": "; ".join(exc.messages), "fields": fields},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        code = getattr(data["detail"], "code", "error")
        response.data = {"error": code, "message": str(data["detail"])}
    else:
        response.data = {"error": "invalid", "message": _("输入有误，请检查各字段。"), "fields": data}
    return response


ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error format of the API.",
    "properties": {
        "error": {"type": "string", "description": "a code: invalid, not_found, conflict, throttled, ..."},
        "message": {"type": "string", "description": "for people, in the request's language"},
        "fields": {"type": "object", "additionalProperties": {}, "description": "field → messages"},
    },
    "required": ["error", "message"],
}
ERROR_STATUSES = {
    "400": "invalid input (a field, a filter, an ordering, a missing version)",
    "401": "not signed in, or the token is invalid, revoked or expired",
    "403": "the caller holds no permission for this",
    "404": "no such record in the caller's scope",
    "429": "too many requests: wait the seconds given in Retry-After",
}
WRITE_STATUSES = {
    "409": "the record changed since it was read (stale version) or the step is not allowed now"
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the error statuses it can answer,
    each with the error format (so a client and the fuzzer in CI know what to expect)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = {**ERROR_STATUSES, **(WRITE_STATUSES if method != "get" else {})}
            for code, description in statuses.items():
                operation["responses"].setdefault(code, {"description": description, **ref})
    return result
