"""Demo data for insurance: every registered person of the demo city on the medical and accident products
and every household on the property product for 2020, premiums of each town paid to the insurers from the
insurance line's allocations (as the city's demo account, through the service), and a few claims."""

import datetime
from decimal import Decimal

from fupin.accounts.models import User
from fupin.core.errors import DomainError
from fupin.funds.models import Allocation
from fupin.funds.rules import INSURANCE_LINE
from fupin.insurance import services
from fupin.insurance.choices import ClaimCause
from fupin.insurance.models import Claim, Policy, Product
from fupin.registry.demo.users import DEMO_PREFIX

YEAR = 2020
ENROLLED = ("medical-2020", "accident-2020", "property-2020")


def build_demo(rng, log):
    user = User.objects.filter(username=f"{DEMO_PREFIX}city").first()
    if user is None or Policy.objects.exists():
        log("insurance: no city account or policies already made, nothing to do")
        return 0
    region = user.role_assignments.values_list("region_id", flat=True).first()
    enrolled = 0
    for code in ENROLLED:
        product = Product.objects.filter(code=code).first()
        if product is not None:
            enrolled += services.enrol_region(product, by=user, region_code=region, year=YEAR)["policies"]
    paid = _premiums(user)
    claims = _claims(rng)
    log(f"insurance: {enrolled} policies, {paid} premium payments, {claims} claims")
    return enrolled


def _premiums(user):
    """Each town's premiums from its allocation of the insurance line, while the allocation holds them."""
    paid = 0
    for allocation in Allocation.objects.filter(fund__budget_line__code=INSURANCE_LINE, status="active"):
        for code in ENROLLED:
            try:
                services.pay_premiums(
                    Product.objects.get(code=code),
                    by=user,
                    allocation=allocation,
                    year=YEAR,
                    # paid once the money is there: a payment before its allocation is refused
                    date=max(datetime.date(2020, 4, 15), allocation.allocated_on),
                    voucher=f"保-{allocation.pk}-{code}",
                )
            except DomainError:  # nothing to pay there, or an allocation too small: it stays unpaid
                continue
            paid += 1
    return paid


def _claims(rng):
    rows = []
    for policy in Policy.objects.filter(year=YEAR).order_by("pk").iterator():
        if rng.random() < 0.02:
            rows.append(
                Claim(
                    policy=policy,
                    household_id=policy.household_id,
                    region_code=policy.region_code,
                    cause=rng.choice(ClaimCause.values),
                    occurred_on=datetime.date(2020, rng.randint(1, 11), rng.randint(1, 28)),
                    amount=Decimal(rng.randint(5, 300) * 100),
                    status=rng.choice(["filed", "paid", "paid", "rejected"]),
                )
            )
    Claim.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
