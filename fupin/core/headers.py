"""Response headers that depend on who asked: pages and API answers for a signed-in user are never stored."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` (with Django's other never-cache headers) on every response to a signed-in
    user, so a shared computer's browser or a proxy keeps no copy of personal data. Static files stay
    cacheable: they are the same for everyone and hold none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view: DRF has then put a token's user on the request too.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response
