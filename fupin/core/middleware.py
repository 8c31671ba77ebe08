"""Request id: one id per request, made by the server, kept in a context variable for audit entries and logs.

A client's own `X-Request-ID` never becomes the id (anyone could forge or reuse one to muddle the trail);
it is kept apart, cut to 64 characters of letters, digits and `-_.:`, as `request.client_request_id`.
"""

import contextvars
import re
import uuid

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404

from fupin.core.errors import NotAllowed, OutOfScope

current_request_id = contextvars.ContextVar("fupin_request_id", default="")
current_ip = contextvars.ContextVar("fupin_request_ip", default=None)
current_client_request_id = contextvars.ContextVar("fupin_client_request_id", default="")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")


def client_request_id(value: str) -> str:
    return _UNSAFE.sub("", value or "")[:64]


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        request.request_id = request_id
        request.client_request_id = client_request_id(request.headers.get("X-Request-ID", ""))
        token = current_request_id.set(request_id)
        ip_token = current_ip.set(request.META.get("REMOTE_ADDR"))
        client_token = current_client_request_id.set(request.client_request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_ip.reset(ip_token)
            current_client_request_id.reset(client_token)
        response["X-Request-ID"] = request_id
        return response


class ScopeErrorMiddleware:
    """Pages answer the one scope rule as the API does (core/api_errors.py): a service's OutOfScope that no
    view caught is a 404, a NotAllowed a 403. Views still catch them where they show a message instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OutOfScope):
            return response_for_exception(request, Http404())
        if isinstance(exception, NotAllowed):
            return response_for_exception(request, PermissionDenied(str(exception)))
        return None
