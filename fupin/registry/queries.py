"""Reads shared by the registry pages, the export and the API."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from fupin.audit.models import AuditEntry
from fupin.regions.models import Region, RegionLevel
from fupin.registry.choices import Relation
from fupin.registry.filters import DEFAULT_ORDER
from fupin.registry.models import Member


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
    """Ids of the household's members, present and removed (removed ones from the audit trail)."""
    current = set(Member.objects.filter(household=household).values_list("pk", flat=True))
    removed = AuditEntry.objects.filter(
        action="registry.member.removed",
        region_code=household.region_id,
        target_type="registry.member",
        changes__household__0=household.pk,
    ).values_list("target_id", flat=True)
    return {str(pk) for pk in current} | set(removed)


def household_history(household):
    """Audit entries of the household and of its members (newest first)."""
    return (
        AuditEntry.objects.filter(
            Q(target_type="registry.household", target_id=str(household.pk))
            | Q(target_type="registry.member", target_id__in=household_member_ids(household))
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def member_import_entry(member):
    """The `registry.household.imported` entry that created this member with its household, or None.

    An import writes one entry per household it creates, listing the members created with it (masked);
    those members get no entry of their own. The entry and the rows it created carry the same time,
    which tells it apart from members added to the household later."""
    return (
        AuditEntry.objects.for_target("registry.household", member.household_id)
        .filter(action="registry.household.imported", created_at=member.created_at)
        .order_by("id")
        .first()
    )


def member_history(member):
    """The member's own audit entries and the household import entry that created it (newest first)."""
    entries = Q(target_type="registry.member", target_id=str(member.pk))
    created_by = member_import_entry(member)
    if created_by is not None:
        entries |= Q(pk=created_by.pk)
    return AuditEntry.objects.filter(entries).select_related("actor").order_by("-created_at", "-id")


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
