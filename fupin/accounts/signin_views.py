"""The steps after the password: second factor (enrolment or code) and the user's own password change."""

import base64

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from fupin.accounts import otp, services
from fupin.accounts.forms import OtpCodeForm, PasswordChangeForm
from fupin.core.errors import DomainError
from fupin.core.views import add_domain_error, save_form


def _next_url(request, default="dashboard:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@never_cache
@login_required
def otp_setup(request):
    """First sign-in of a user who needs a second factor: scan, confirm a code, keep the recovery codes."""
    if otp.confirmed_device(request.user) is not None:
        # Re-enrolling would let someone holding only the password replace the authenticator.
        return redirect("accounts:otp_verify")
    device = otp.pending_device(request.user)
    form = OtpCodeForm(request.POST or None)
    codes = save_form(
        request, form, lambda data: otp.confirm_enrolment(device, by=request.user, code=data["code"]), None
    )
    if codes is not None:
        otp_login(request, device)
        return render(
            request,
            "accounts/otp_recovery_codes.html",
            {"codes": codes, "next": resolve_url(_next_url(request))},
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request, "accounts/otp_setup.html", {"form": form, "secret": secret, "next": _next_url(request, "")}
    )


@never_cache
@login_required
def otp_qr(request):
    """The enrolment QR code as an SVG image (a separate response: the pages carry no inline data)."""
    if otp.confirmed_device(request.user) is not None:
        raise Http404
    response = HttpResponse(otp.qr_svg(otp.pending_device(request.user)), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def otp_verify(request):
    if otp.confirmed_device(request.user) is None:
        return redirect("accounts:otp_setup")
    form = OtpCodeForm(request.POST or None)
    device = save_form(request, form, lambda data: otp.verify_code(by=request.user, code=data["code"]), None)
    if device is not None:
        otp_login(request, device)
        if device.name == "recovery":
            messages.warning(request, _("您使用了一个恢复码，每个恢复码只能使用一次。"))
        return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request, "")})


@never_cache
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_own_password(
                by=request.user, old_password=data["old_password"], new_password=data["new_password1"]
            )
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request, "accounts:profile"))
    forced = request.user.must_change_password
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": forced, "next": _next_url(request, "")},
    )
