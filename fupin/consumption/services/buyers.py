"""Buyer organisations and their accounts: created by a district's office, or self-registered and approved.

A buyer's account holds one role, `buyer`, over the district that approved it: that role grants only
`consumption.buy`, so every registry, tracking, ledger, employment or funds page refuses it."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fupin.accounts.models import RoleAssignment, User
from fupin.accounts.roles import Role
from fupin.audit.changes import update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.consumption.choices import BuyerStatus
from fupin.consumption.models import Buyer
from fupin.consumption.permissions import MANAGE
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.employment.creditcode import validate_optional_credit_code
from fupin.regions.models import Region

BUYER_FIELDS = ["name", "kind", "credit_code", "contact_name", "contact_phone", "status", "share"]


def _buyer_region(region_code) -> Region:
    region = Region.objects.filter(code=region_code).first()
    if region is None or region.level not in (2, 3):
        raise DomainError(_("采购方须登记在市或县（市、区）。"), field="region_code")
    return region


def _new_account(username, password, *, display_name, phone, active) -> User:
    username = (username or "").strip()
    if not username:
        raise DomainError(_("请填写用户名。"), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已存在。"), field="username")
    user = User(
        username=username, display_name=display_name, phone=phone, unit=display_name, is_active=active
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save()
    return user


def _open_buyer(username, password, *, active, region_code, name, credit_code="", contact_phone="", **fields):
    """The buyer and its account, working (`active`) or waiting for the district's approval; `fields` are
    the buyer's other columns (kind, contact name, status, share)."""
    region = _buyer_region(region_code)
    credit_code = validate_optional_credit_code(credit_code)
    user = _new_account(username, password, display_name=name, phone=contact_phone, active=active)
    return Buyer.objects.create(
        region_code=region.code,
        name=name,
        credit_code=credit_code,
        contact_phone=contact_phone,
        user=user,
        **fields,
    )


@transaction.atomic
def create_buyer(*, by, region_code, username, password, share=0, **details) -> Buyer:
    """An approved buyer with its account, created by the office of its district. `details`: name, kind,
    credit_code, contact_name, contact_phone."""
    check_scope(by, MANAGE, region_code)
    buyer = _open_buyer(
        username,
        password,
        active=True,
        region_code=region_code,
        status=BuyerStatus.APPROVED,
        share=share,
        **details,
    )
    user = buyer.user
    user.must_change_password = True  # the office knows the initial password
    user.save(update_fields=["must_change_password"])
    RoleAssignment.objects.create(user=user, role=Role.BUYER, region_id=buyer.region_code)
    record(
        "consumption.buyer.created",
        by=by,
        target=buyer,
        changes={**diff({}, snapshot(buyer, BUYER_FIELDS)), "username": [None, user.username]},
    )
    return buyer


@transaction.atomic
def register_buyer(*, username, password, **details) -> Buyer:
    """Self-registration: a pending buyer and an inactive account, until the district's office approves.
    `details`: region_code, name, kind, credit_code, contact_name, contact_phone."""
    buyer = _open_buyer(username, password, active=False, **details)
    record(
        "consumption.buyer.registered",
        target=buyer,
        actor_name=buyer.user.username,
        changes=diff({}, snapshot(buyer, BUYER_FIELDS)),
    )
    return buyer


def _decide(buyer, *, by, to, action, note=""):
    """A pending buyer approved or rejected by the office of its district."""
    check_scope(by, MANAGE, buyer.region_code)
    if buyer.status != BuyerStatus.PENDING:
        raise DomainError(_("该采购方不在待审核状态。"))
    Buyer.objects.filter(pk=buyer.pk).update(status=to, version=F("version") + 1)
    buyer.refresh_from_db()
    record(action, by=by, target=buyer, note=note, changes={"status": [BuyerStatus.PENDING, to]})
    return buyer


@transaction.atomic
def approve_buyer(buyer, *, by) -> Buyer:
    _decide(buyer, by=by, to=BuyerStatus.APPROVED, action="consumption.buyer.approved")
    if buyer.user_id:
        User.objects.filter(pk=buyer.user_id).update(is_active=True)
        RoleAssignment.objects.get_or_create(
            user_id=buyer.user_id, role=Role.BUYER, region_id=buyer.region_code
        )
    return buyer


@transaction.atomic
def reject_buyer(buyer, *, by, reason="") -> Buyer:
    return _decide(
        buyer, by=by, to=BuyerStatus.REJECTED, action="consumption.buyer.rejected", note=reason[:200]
    )


@transaction.atomic
def set_buyer_share(buyer, *, by, version, share) -> Buyer:
    """The buyer's purchase share (认购任务) of the plan."""
    check_scope(by, MANAGE, buyer.region_code)
    if share < 0:
        raise DomainError(_("认购任务不能为负数。"), field="share")
    return update_versioned(
        buyer,
        by=by,
        version=version,
        fields=BUYER_FIELDS,
        values={"share": share},
        action="consumption.buyer.updated",
    )
