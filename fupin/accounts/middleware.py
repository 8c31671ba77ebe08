"""Log a user out after a period without requests (SESSION_IDLE_SECONDS); hold a signed-in user at the
second factor and at a due password change."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

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


# Pages a signed-in user reaches before the second factor and a due password change.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")
_OTP_URLS = (
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:otp_qr",
)


class SignInGateMiddleware:
    """Holds a session user at the second factor (until verified) and then at the password change page
    (after a reset or when the password is older than PASSWORD_MAX_AGE_DAYS). API session requests get a
    403 instead; requests with a personal token are not session requests (tokens are made only by
    verified sessions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            try:
                response = self._hold(request, user)
            except NoReverseMatch:  # a URL configuration without the sign-in pages (some tests)
                response = None
            if response is not None:
                return response
        return self.get_response(request)

    def _hold(self, request, user):
        from fupin.accounts import otp

        pending = not otp.is_verified(request.session) and otp.second_factor_required(user)
        # The sign-in pages show no menu while the second factor is pending: every entry would lead back.
        request.sign_in_pending = pending
        open_urls = {reverse(name) for name in _OTP_URLS}
        if request.path in open_urls:
            return None
        if pending:
            step = "accounts:otp_verify" if otp.confirmed_device(user) else "accounts:otp_setup"
            return self._refuse(request, step, _("请先完成动态验证码验证。"))
        if request.path == reverse("accounts:password_change"):
            return None
        if user.must_change_password or user.password_expired(settings.PASSWORD_MAX_AGE_DAYS):
            return self._refuse(request, "accounts:password_change", _("请先修改密码。"))
        return None

    def _refuse(self, request, step, message):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=403)
        url = reverse(step)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
