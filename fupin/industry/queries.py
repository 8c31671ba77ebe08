"""Reads of the industry app shared by its pages, API, exports and the target board; scoped by the caller."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from fupin.employment.models import Enterprise
from fupin.funds.queries import disbursable_allocations
from fupin.funds.rules import INDUSTRY_FUND_LINE
from fupin.industry.choices import ProjectStatus
from fupin.industry.models import VIEW, HouseholdIndustry, LeadingIndustry, Project, ProjectHousehold
from fupin.plan.queries import rate, target
from fupin.regions.queries import by_child_region
from fupin.registry.models import Household, Member

COVERAGE_TARGET = "household-industry-coverage"


def operators_visible_to(user):
    """Enterprises and cooperatives a project may name as its operator (employment's register)."""
    return Enterprise.objects.visible_to(user).order_by("name")


def allocations_for_projects(user):
    """Active allocations of the industry fund the user may pay a project from."""
    return disbursable_allocations(user).filter(fund__budget_line__code=INDUSTRY_FUND_LINE)


def _on_an_industry():
    return Exists(HouseholdIndustry.objects.filter(household_id=OuterRef("pk"))) | Exists(
        ProjectHousehold.objects.filter(household_id=OuterRef("pk"))
    )


def households_with_labour(user):
    """Registered households in scope with at least one member able to work, annotated `covered`: on at
    least one industry, recorded by the village or linked through a project."""
    able = Member.objects.labor_able().filter(household_id=OuterRef("pk"))
    return Household.objects.visible_to(user, VIEW).filter(Exists(able)).annotate(covered=_on_an_industry())


def households_without_industry(user):
    """The village's to-do list: households with labour on no industry yet."""
    return households_with_labour(user).filter(covered=False)


def coverage(user) -> dict:
    """Households with labour on ≥ 1 industry ÷ households with labour, overall and by child region."""
    rows = by_child_region(
        households_with_labour(user),
        user.prefixes_for(VIEW),
        region_field="region_id",
        total=Count("pk"),
        covered_n=Count("pk", filter=Q(covered=True)),
    )
    for row in rows:
        row["rate"] = rate(row["covered_n"], row["total"])
    total = sum(r["total"] for r in rows)
    covered = sum(r["covered_n"] for r in rows)
    return {
        "total": total,
        "covered": covered,
        "rate": rate(covered, total),
        "rows": rows,
        "target": target(COVERAGE_TARGET),
    }


def projects_by_status(user) -> list[dict]:
    """[{status, label, n, budget, funded}] of the projects in scope, one row per status in workflow order."""
    rows = (
        Project.objects.visible_to(user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), budget=Sum("budget"), funded=Sum("funded"))
    )
    found = {r["status"]: r for r in rows}
    zero = Decimal("0")
    result = []
    for status in ProjectStatus:
        row = found.get(status.value, {})
        result.append(
            {
                "status": status.value,
                "label": status.label,
                "n": row.get("n", 0),
                "budget": row.get("budget") or zero,
                "funded": row.get("funded") or zero,
            }
        )
    return result


def households_lifted(user) -> int:
    """Distinct households linked to a project in scope (带动)."""
    return ProjectHousehold.objects.visible_to(user).values("household_id").distinct().count()


def leading_industries(user):
    return LeadingIndustry.objects.visible_to(user).order_by("region_code")


def project_figures(project) -> dict:
    links = project.households.all()
    sums = links.aggregate(n=Count("pk"), amount=Sum("amount"))
    return {
        "households": sums["n"],
        "benefit": sums["amount"] or Decimal("0"),
        "remaining": project.budget - project.funded,
        "rate": rate(project.funded, project.budget),
    }


def project_resumption(user) -> dict:
    """复工复产 of the projects under way (implementing, accepted or operating) in 2020."""
    from fupin.employment.choices import ResumptionStatus

    under_way = Project.objects.visible_to(user).filter(
        status__in=[ProjectStatus.IMPLEMENTING, ProjectStatus.ACCEPTED, ProjectStatus.OPERATING]
    )
    counts = under_way.aggregate(
        total=Count("pk"), resumed=Count("pk", filter=Q(resumption=ResumptionStatus.RESUMED))
    )
    return {**counts, "rate": rate(counts["resumed"], counts["total"])}


def projects_with_operators_from(region_prefix: str, operator_prefix: str, year: int | None = None):
    """Projects in a region run by enterprises registered in another (Chongzuo projects of Jiangmen
    enterprises), approved or further, declared in a year when given (unscoped: the caller scopes)."""
    qs = (
        Project.objects.in_region(region_prefix)
        .filter(operator__in=Enterprise.objects.in_region(operator_prefix))
        .exclude(status=ProjectStatus.DECLARED)
    )
    return qs.filter(declared_on__year=year) if year else qs


def cooperation_projects(region_prefix: str, operator_prefix: str, year: int | None = None) -> dict:
    """{projects, households (带动, distinct), investment (budget)} of those projects."""
    qs = projects_with_operators_from(region_prefix, operator_prefix, year)
    sums = qs.aggregate(n=Count("pk"), investment=Sum("budget"))
    lifted = ProjectHousehold.objects.filter(project__in=qs).values("household_id").distinct().count()
    return {
        "projects": sums["n"] or 0,
        "households": lifted,
        "investment": sums["investment"] or Decimal("0"),
    }


def projects_visible_to(user):
    """The projects the user may see (other apps' pages list the records behind a figure with it)."""
    return Project.objects.visible_to(user)
