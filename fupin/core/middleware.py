"""Request id: one id per request, kept in a context variable for audit entries and logs."""

import contextvars
import uuid

current_request_id = contextvars.ContextVar("fupin_request_id", default="")
current_ip = contextvars.ContextVar("fupin_request_ip", default=None)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        ip_token = current_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_ip.reset(ip_token)
        response["X-Request-ID"] = request_id
        return response
