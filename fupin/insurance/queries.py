"""Reads of the insurance app: coverage by product and region, and large claims as a risk signal."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr

from fupin.insurance.choices import ClaimStatus, PremiumBasis
from fupin.insurance.models import VIEW, Claim, Policy, Product
from fupin.plan.queries import rate
from fupin.regions.models import Region
from fupin.regions.queries import child_length
from fupin.registry.models import Household, Member


def households_with_large_claims(*, year: int, threshold) -> dict[int, Decimal]:
    """{household id: claimed in the year} for households whose claims (filed or paid, not refused) in the
    year reach `threshold`: a risk signal of the return-to-poverty monitoring. Not scoped."""
    rows = (
        Claim.objects.filter(occurred_on__year=year)
        .exclude(status=ClaimStatus.REJECTED)
        .values("household_id")
        .annotate(total=Sum("amount"))
        .filter(total__gte=threshold)
    )
    return {r["household_id"]: r["total"] for r in rows}


def coverage(user, year) -> list[dict]:
    """Per product: insured people (or households) of the year in scope against the registered ones, with
    the split by child region."""
    prefixes = user.prefixes_for(VIEW)
    n = child_length(prefixes)
    people = Member.objects.visible_to(user, VIEW)
    households = Household.objects.visible_to(user, VIEW)
    base = {
        PremiumBasis.PERSON: _by_child(people, "region_code", n),
        PremiumBasis.HOUSEHOLD: _by_child(households, "region_id", n),
    }
    result = []
    for product in Product.objects.order_by("id"):
        insured = _by_child(
            Policy.objects.visible_to(user).filter(product=product, year=year), "region_code", n
        )
        registered = base[product.basis]
        codes = sorted(registered)
        names = dict(
            Region.objects.filter(code__in=[c.ljust(12, "0") for c in codes]).values_list("code", "name")
        )
        rows = [
            {
                "code": c,
                "name": names.get(c.ljust(12, "0"), c),
                "total": registered[c],
                "insured": insured.get(c, 0),
                "rate": rate(insured.get(c, 0), registered[c]),
            }
            for c in codes
        ]
        total, done = sum(registered.values()), sum(insured.values())
        result.append(
            {"product": product, "total": total, "insured": done, "rate": rate(done, total), "rows": rows}
        )
    return result


def _by_child(qs, field, n):
    rows = qs.order_by().annotate(child=Substr(field, 1, n)).values("child").annotate(c=Count("pk"))
    return {r["child"]: r["c"] for r in rows}


def premiums_paid(user, year) -> Decimal:
    from fupin.insurance.models import PremiumPayment

    return PremiumPayment.objects.visible_to(user).filter(year=year).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0")


def products():
    return Product.objects.order_by("id")


def premium_allocations(user):
    """Active allocations of the insurance line the user may pay premiums from."""
    from fupin.funds.queries import disbursable_allocations
    from fupin.funds.rules import INSURANCE_LINE

    return disbursable_allocations(user).filter(fund__budget_line__code=INSURANCE_LINE)
