"""Reads shared by the registry pages, the export and the API."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from fupin.audit.models import AuditEntry
from fupin.regions.models import Region, RegionLevel
from fupin.registry.choices import Relation
from fupin.registry.filters import DEFAULT_ORDER
from fupin.registry.models import ImportedRange, Member


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
