"""The partitioned PostgreSQL layout (fupin/core/partitioning.py): rows in their city's partition, queries by
region reading only the partitions of their range, a resident ID unique across every partition."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from fupin.audit.models import AuditEntry
from fupin.audit.recorder import record
from fupin.registry.models import Member
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from fupin.reports.models import Assessment
from fupin.reports.tests.factories import make_period

JIANGMEN_VILLAGE = "440703101201"
CHONGZUO_VILLAGE = "451425100201"


@pytest.fixture
def partitioned(villages):
    if connection.vendor != "postgresql":
        pytest.skip("declarative partitioning is a PostgreSQL layout")
    call_command("partition_tables", verbosity=0)  # already done when the suite runs with FUPIN_PARTITIONED=1


def partition_of(model, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_members_assessments_and_audit_entries_are_stored_in_their_citys_partition(partitioned):
    jiangmen = MemberFactory(household=HouseholdFactory(region_id=JIANGMEN_VILLAGE))
    chongzuo = MemberFactory(household=HouseholdFactory(region_id=CHONGZUO_VILLAGE))
    period = make_period()
    assessment = Assessment.objects.create(
        period=period, household=jiangmen.household, region_code=JIANGMEN_VILLAGE
    )
    in_village = record("registry.household.registered", region_code=CHONGZUO_VILLAGE, note="x")
    no_region = record("accounts.login.failed", note="unknown name")

    assert partition_of(Member, jiangmen.pk) == "registry_member_p4407"
    assert partition_of(Member, chongzuo.pk) == "registry_member_p4514"
    assert partition_of(Assessment, assessment.pk) == "reports_assessment_p4407"
    assert partition_of(AuditEntry, in_village.pk) == "audit_auditentry_p4514"
    assert partition_of(AuditEntry, no_region.pk) == "audit_auditentry_default"


def test_a_query_by_region_reads_only_the_partition_of_that_city(partitioned):
    MemberFactory(household=HouseholdFactory(region_id=JIANGMEN_VILLAGE))
    town = Member.objects.filter(region_code__range=("440703101000", "440703101999"))

    plan = town.explain()

    assert "registry_member_p4407" in plan
    assert "registry_member_p4514" not in plan
    assert "registry_member_default" not in plan
    assert town.count() == 1


def test_a_member_moved_to_another_city_moves_to_its_partition(partitioned):
    member = MemberFactory(household=HouseholdFactory(region_id=JIANGMEN_VILLAGE))

    Member.objects.filter(pk=member.pk).update(region_code=CHONGZUO_VILLAGE)

    assert partition_of(Member, member.pk) == "registry_member_p4514"
    assert Member.objects.get(pk=member.pk).id_number == member.id_number


def test_a_resident_id_stays_unique_across_city_partitions(partitioned):
    first = MemberFactory(household=HouseholdFactory(region_id=JIANGMEN_VILLAGE))
    other = HouseholdFactory(region_id=CHONGZUO_VILLAGE)

    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(household=other, id_number=first.id_number, relation="02")

    first.delete()
    again = MemberFactory(household=other, id_number=first.id_number, relation="02")
    assert partition_of(Member, again.pk) == "registry_member_p4514"


def test_converting_twice_leaves_the_layout_as_it_is(partitioned, capsys):
    call_command("partition_tables")

    out = capsys.readouterr().out
    assert out.count("already partitioned (3 partitions)") == 3
