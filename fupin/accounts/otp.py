"""Second factor: TOTP devices (django-otp) with single-use recovery codes, enrolled at first sign-in.

A session counts as verified once django_otp.login() has stored the device in it (the session lives on
the server, so the client cannot set it). SignInGateMiddleware refuses every page and API session request
of a user who needs a second factor (roles.needs_second_factor) until then.
"""

import hashlib
import hmac
import io

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fupin.audit.recorder import record
from fupin.core.errors import DomainError, NotAllowed

RECOVERY_CODES = 10


def is_verified(session) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))


def second_factor_required(user) -> bool:
    return settings.OTP_REQUIRED and user.is_authenticated and user.needs_second_factor


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _region_code(user) -> str:
    region = user.home_region
    return region.code if region else ""


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)


def qr_svg(device) -> bytes:
    """The otpauth URI as an SVG QR code, served by a view (no inline data, no script)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    buffer = io.BytesIO()
    qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8).save(buffer)
    return buffer.getvalue()


def current_code(device) -> str:
    """The code an authenticator shows now (demo_otp command and tests)."""
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(device, *, by, code) -> list[str]:
    """Confirm a new TOTP device with a code from it; returns the recovery codes (shown once).
    A wrong code is audited outside the transaction, so the refusal does not roll its entry back."""
    if device.user_id != by.pk or device.confirmed:
        raise NotAllowed()
    if not device.verify_token((code or "").strip()):
        record("accounts.otp.failed", by=by, target=by, region_code=_region_code(by), note="enrolment")
        raise DomainError(_("验证码不正确，请核对手机时间后重试。"), field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=by, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(by)
        record("accounts.otp.enrolled", by=by, target=by, region_code=_region_code(by))
    return codes


def verify_code(*, by, code):
    """The device that accepts the code (TOTP first, then a single-use recovery code), or a DomainError.
    Not atomic: a failed try must stay counted (django-otp throttles the device after failures)."""
    code = (code or "").strip().replace(" ", "").lower()
    device = confirmed_device(by)
    if device is not None and code.isdigit() and device.verify_token(code):
        record("accounts.otp.verified", by=by, target=by, region_code=_region_code(by))
        return device
    recovery = StaticDevice.objects.filter(user=by, confirmed=True).first()
    if recovery is not None and code and recovery.verify_token(code):
        left = recovery.token_set.count()
        record(
            "accounts.otp.recovery_used",
            by=by,
            target=by,
            region_code=_region_code(by),
            note=f"remaining={left}",
        )
        return recovery
    record("accounts.otp.failed", by=by, target=by, region_code=_region_code(by))
    raise DomainError(_("验证码不正确或已使用。"), field="code")


def demo_secret(username: str) -> str:
    """A fixed TOTP key (hex) per demo account, so people can add it to an authenticator once."""
    return hmac.new(b"fupin-demo-totp", username.encode(), hashlib.sha1).hexdigest()


def install_demo_device(user) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="demo", key=demo_secret(user.username), confirmed=True)
