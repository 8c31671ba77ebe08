"""Writes of the insurance app: each use case atomic, scope-checked and audited.

Premiums go from the plan's insurance line to the insurer through the funds service, never to households
(funds.rules); a policy is paid once: the payment claims only the policies with none yet."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import record
from fupin.core.errors import ConflictError, DomainError
from fupin.core.regioncodes import code_range, significant_prefix
from fupin.core.scope import check_scope
from fupin.funds import services as fund_services
from fupin.funds.choices import PayeeKind
from fupin.insurance.choices import ClaimStatus, PremiumBasis
from fupin.insurance.models import Claim, Policy, PremiumPayment
from fupin.jobs.progress import NullReporter
from fupin.registry.models import Member

CHANGE = "insurance.change_policy"
BATCH = 5000


def _policy(product, year, member_id, household_id, region_code) -> Policy:
    """A policy not saved yet of a person (or, with no member, a household) at the product's premium."""
    return Policy(
        product=product,
        year=year,
        member_id=member_id,
        household_id=household_id,
        region_code=region_code,
        premium=product.premium,
    )


@transaction.atomic
def enrol(product, *, by, household, year, member=None) -> Policy:
    """Insure a household (a product by household) or one of its members (a product by person) for a year."""
    check_scope(by, CHANGE, household.region_id)
    if product.basis == PremiumBasis.PERSON and (member is None or member.household_id != household.pk):
        raise DomainError(_("按人投保的产品须指明该户的成员。"), field="member")
    if product.basis == PremiumBasis.HOUSEHOLD:
        member = None
    policy = _policy(product, year, getattr(member, "pk", None), household.pk, household.region_id)
    try:
        with transaction.atomic():
            policy.save(force_insert=True)
    except IntegrityError:
        raise DomainError(_("本年度已参保此产品。"), field="member") from None
    changes = {
        "product": [None, product.code],
        "year": [None, year],
        "member": [None, getattr(member, "pk", None)],
    }
    record("insurance.policy.enrolled", by=by, target=policy, changes=changes)
    return policy


@transaction.atomic
def enrol_region(product, *, by, region_code, year, reporter=None) -> dict:
    """Every registered person (or household) under the region not insured yet by the product that year:
    one bulk write, one audit entry with the counts (docs/industry.md)."""
    check_scope(by, CHANGE, region_code)
    reporter = reporter or NullReporter()
    prefix = significant_prefix(region_code)
    people = Member.objects.filter(region_code__range=code_range(prefix)).order_by("pk")
    insured = Policy.objects.filter(product=product, year=year, region_code__range=code_range(prefix))
    if product.basis == PremiumBasis.PERSON:
        done = set(insured.values_list("member_id", flat=True))
        rows = [
            (m, h, r) for m, h, r in people.values_list("pk", "household_id", "region_code") if m not in done
        ]
    else:
        done = set(insured.values_list("household_id", flat=True))
        heads = dict(people.values_list("household_id", "region_code"))
        rows = [(None, h, r) for h, r in heads.items() if h not in done]
    reporter.progress(0, len(rows), _("待参保 %(n)d") % {"n": len(rows)}, force=True)
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        Policy.objects.bulk_create(_policy(product, year, m, h, r) for m, h, r in chunk)
        reporter.progress(start + len(chunk), len(rows), _("已参保 %(n)d") % {"n": start + len(chunk)})
    record(
        "insurance.policy.enrolled_in_bulk",
        by=by,
        region_code=region_code,
        changes={"product": [None, product.code], "year": [None, year], "policies": [None, len(rows)]},
    )
    return {"product": product.code, "year": year, "policies": len(rows)}


@transaction.atomic
def pay_premiums(product, *, by, allocation, year, date, voucher) -> PremiumPayment:
    """Pay the insurer the premiums of the product's unpaid policies of the year under the allocation's
    region, from the allocation (the insurance line); a policy is never paid twice."""
    check_scope(by, CHANGE, allocation.region_id)
    prefix = significant_prefix(allocation.region_id)
    unpaid = Policy.objects.filter(
        product=product, year=year, payment__isnull=True, region_code__range=code_range(prefix)
    )
    sums = unpaid.aggregate(amount=Sum("premium"))
    count, amount = unpaid.count(), sums["amount"] or Decimal("0")
    if not count:
        raise DomainError(_("没有待付保费的保单。"), field="year")
    disbursement = fund_services.disburse(
        allocation,
        by=by,
        amount=amount,
        date=date,
        payee_kind=PayeeKind.INSURER,
        payee_name=product.insurer,
        voucher=voucher,
        purpose=_("%(p)s %(y)s年度保费") % {"p": product.name, "y": year},
        confirm_warnings=True,  # the sum of the policies' premiums, not typed: warnings kept, not asked
    )
    payment = PremiumPayment.objects.create(
        product=product,
        year=year,
        disbursement=disbursement,
        policies=count,
        amount=amount,
        region_code=allocation.region_id,
    )
    if unpaid.update(payment=payment) != count:
        raise ConflictError()  # another payment took some of the policies meanwhile: nothing is written
    changes = {"policies": [None, count], "amount": [None, str(amount)], "year": [None, year]}
    record("insurance.premiumpayment.paid", by=by, target=payment, changes=changes)
    return payment


@transaction.atomic
def file_claim(policy, *, by, amount, cause, occurred_on, note="") -> Claim:
    check_scope(by, CHANGE, policy.region_code)
    amount = fund_services.clean_amount(amount)
    if occurred_on.year != policy.year:
        raise DomainError(_("出险日期不在保单年度内。"), field="occurred_on")
    claim = Claim.objects.create(
        policy=policy,
        household_id=policy.household_id,
        region_code=policy.region_code,
        amount=amount,
        cause=cause,
        occurred_on=occurred_on,
        note=note,
    )
    changes = {"amount": [None, str(amount)], "cause": [None, cause]}
    record("insurance.claim.filed", by=by, target=claim, changes=changes)
    return claim


@transaction.atomic
def settle_claim(claim, *, by, version, status, on=None) -> Claim:
    """The insurer paid (已赔付) or refused (拒赔) a filed claim."""
    check_scope(by, CHANGE, claim.region_code)
    if status not in (ClaimStatus.PAID, ClaimStatus.REJECTED):
        raise DomainError(_("请选择赔付或拒赔。"), field="status")
    if claim.status != ClaimStatus.FILED:
        raise ConflictError()  # settled already; one settled since it was read fails on its version
    return update_versioned(
        claim,
        by=by,
        version=version,
        fields=["status"],
        values={"status": status},
        extra={"settled_on": on or timezone.localdate()},
        action="insurance.claim.settled",
    )
