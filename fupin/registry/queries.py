"""Reads shared by the registry pages, the export and the API."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError
from fupin.regions.models import Region, RegionLevel
from fupin.registry import tally
from fupin.registry.choices import PovertyStatus, Relation
from fupin.registry.filters import DEFAULT_ORDER
from fupin.registry.models import Household, HouseholdTally, ImportedRange, Member, MemberRemoval


def with_head_and_size(queryset):
    """Annotate head_name, head_id_number and member_count with correlated subqueries (one query)."""
    heads = Member.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD)
    sizes = (
        Member.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        head_name=Subquery(heads.values("name")[:1]),
        head_id_number=Subquery(heads.values("id_number")[:1]),
        member_count=Coalesce(Subquery(sizes, output_field=IntegerField()), Value(0)),
    )


def household_members(household):
    return list(Member.objects.filter(household=household).order_by("relation", "birth_date", "pk"))


def household_member_ids(household):
    """Ids of the household's members, present and removed (removed ones from `MemberRemoval`)."""
    current = Member.objects.filter(household=household).values_list("pk", flat=True)
    removed = MemberRemoval.objects.filter(household=household).values_list("member_id", flat=True)
    return {str(pk) for pk in [*current, *removed]}


def import_entry_for(model, pk):
    """The `registry.import.created` entry of the import that created this record, or None.

    `model`: ImportedRange.HOUSEHOLD or .MEMBER. The import records the runs of ids it created per
    village; runs never overlap, so the one holding `pk` is the last starting at or before it (one seek
    on the (model, first_id) index)."""
    found = (
        ImportedRange.objects.filter(model=model, first_id__lte=pk)
        .order_by("-first_id")
        .values_list("last_id", "entry_id")
        .first()
    )
    return found[1] if found is not None and found[0] >= pk else None


def _history(entries, created_by):
    if created_by is not None:
        entries |= Q(pk=created_by)
    return AuditEntry.objects.filter(entries).select_related("actor").order_by("-created_at", "-id")


def household_history(household):
    """Audit entries of the household and of its members, and the import that created it (newest first)."""
    return _history(
        Q(target_type="registry.household", target_id=str(household.pk))
        | Q(target_type="registry.member", target_id__in=household_member_ids(household)),
        import_entry_for(ImportedRange.HOUSEHOLD, household.pk),
    )


def member_history(member):
    """The member's own audit entries and the import that created it (newest first)."""
    return _history(
        Q(target_type="registry.member", target_id=str(member.pk)),
        import_entry_for(ImportedRange.MEMBER, member.pk),
    )


def households_for_export(queryset):
    """The filtered, scoped queryset with what the export rows need, in the list's order."""
    ordered = queryset.order_by(*(queryset.query.order_by or DEFAULT_ORDER[:-1]), "pk")
    return with_head_and_size(ordered.select_related("region"))


def status_changes(household):
    return household.status_changes.select_related("changed_by").order_by("-changed_at")


def county_and_town_names():
    """{county 6-digit prefix or town 9-digit prefix: name}, for export columns."""
    regions = Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWN]).values_list(
        "code", "name", "level"
    )
    return {code[: 6 if level == RegionLevel.COUNTY else 9]: name for code, name, level in regions}


HOUSEHOLDS = "registry.view_household"


def households_visible_to(user, permission=None):
    """The households the user may see (by default with the registry's right, else with `permission`, e.g.
    the weekly tracking's): what other apps' pages and API pick a household from."""
    return Household.objects.visible_to(user, permission)


def household_numbered(user, number, *, message=None):
    """The household of this 户编号 among those the user may see, else a DomainError on the household field
    ("未找到该户编号。" unless `message`; one outside the user's regions reads as missing)."""
    household = households_visible_to(user).filter(number=(number or "").strip()).first()
    if household is None:
        raise DomainError(message or _("未找到该户编号。"), field="household")
    return household


def members_visible_to(user, permission=None):
    """The members the user may see (pickers of other apps: a member by ID number)."""
    return Member.objects.visible_to(user, permission)


def village_households(code):
    """The households of one village by number (the rows of the weekly grid; the caller checked scope)."""
    return Household.objects.filter(region_id=code).order_by("number")


def head_names(household_ids) -> dict:
    """{household id: head's name} for these households, in one query."""
    return dict(
        Member.objects.filter(household_id__in=household_ids, relation=Relation.HEAD).values_list(
            "household_id", "name"
        )
    )


def household_counts_by_child(user, node):
    """{child prefix: [households, members]} for the children of `node`: one grouped query over the
    household tally (rows per village), within the user's registry scope; None without registry access."""
    if not user.has_scoped_perm(HOUSEHOLDS) or node.level >= RegionLevel.VILLAGE:
        return None
    rows = HouseholdTally.objects.visible_to(user)
    return {child: list(pair) for child, pair in tally.child_counts(node, queryset=rows).items()}


def household_counts_under(user, node):
    """{"households", "members", "by_status": [(status label, households)]} under one node, from one
    query over the household tally; None without registry access."""
    if not user.has_scoped_perm(HOUSEHOLDS):
        return None
    counts = tally.counts_for([node.prefix], queryset=HouseholdTally.objects.visible_to(user))
    by_status = [(PovertyStatus(s).label, n) for s, n in sorted(counts["by_status"].items()) if n]
    return {"households": counts["households"], "members": counts["members"], "by_status": by_status}


# Bulk reads for the monitoring's risk rules (fupin.monitoring.facts): the rules run over a province's
# registry as one job, unscoped (the job checked the runner's scope), so these read in id-ordered chunks.


def household_income_chunks(prefix="", size=20_000):
    """Lists of (id, village code, income per capita) of every household under `prefix`, in id order."""
    rows = Household.objects.order_by("pk")
    if prefix:
        rows = rows.in_region(prefix)
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).values_list("pk", "region_id", "income_per_capita")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def household_sizes(household_ids) -> dict:
    """{household id: members} for these households, in one query."""
    rows = (
        Member.objects.filter(household_id__in=household_ids).values("household_id").annotate(n=Count("id"))
    )
    return {row["household_id"]: row["n"] for row in rows.order_by()}


def household_size(household) -> int:
    return Member.objects.filter(household=household).count()


def member_gaps(household) -> dict:
    """{"uninsured", "out_of_school"}: members without basic medical insurance, children who dropped out
    (两不愁三保障 as the monitoring's and the exit's criteria read it)."""
    from fupin.registry.choices import Schooling

    return Member.objects.filter(household=household).aggregate(
        uninsured=Count("pk", filter=Q(medical_insurance=False)),
        out_of_school=Count("pk", filter=Q(schooling=Schooling.DROPPED_OUT)),
    )


def registered_poor_people(user) -> dict:
    """{poverty status: members} of the registered poor households in the user's scope (the monitoring's
    edge households, who are not registered poor, left out), from the household tally."""
    from fupin.registry.choices import HouseholdCategory

    rows = (
        HouseholdTally.objects.visible_to(user)
        .exclude(category=HouseholdCategory.EDGE)
        .order_by()
        .values_list("status")
        .annotate(m=Sum("members"))
    )
    return {status: members or 0 for status, members in rows}
