"""Log a user out after a period without requests (SESSION_IDLE_SECONDS)."""

import time

from django.conf import settings
from django.contrib.auth import logout

TOUCH_EVERY = 60
IDLE_FLAG = "logged_out_idle"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                # The message middleware runs after this one, so the login page shows the notice.
                request.session[IDLE_FLAG] = True
            elif (
                request.method == "GET"
                and request.headers.get("HX-Request")
                and "last_seen" in request.session
            ):
                # A progress bar polling is not the user at work, and must not write the session: on
                # SQLite that write would wait behind a long import holding the write lock.
                pass
            elif now - last >= TOUCH_EVERY or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)
