"""A removed member stays in its household's history, read from the registry's own tables."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.registry import queries, services
from fupin.registry.models import MemberRemoval
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory, household_with_members

VILLAGE = "440703101201"


def test_removing_a_member_keeps_who_left_which_household_and_why(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    member = MemberFactory(household=household, name="赵六")
    member_id = member.pk

    services.remove_member(member, by=village_user, reason="外嫁")

    removal = MemberRemoval.objects.get()
    assert (removal.household, removal.member_id, removal.name) == (household, member_id, "赵六")
    assert (removal.reason, removal.removed_by, removal.region_code) == ("外嫁", village_user, VILLAGE)


def test_the_household_member_ids_come_from_the_registry_not_the_audit_trail(village_user):
    household = household_with_members(2, region_id=VILLAGE)
    staying, leaving = household.members.order_by("pk")
    leaving_id = leaving.pk
    services.remove_member(leaving, by=village_user, reason="病故")

    with CaptureQueriesContext(connection) as queries_run:
        ids = queries.household_member_ids(household)

    assert ids == {str(staying.pk), str(leaving_id)}
    assert not any(AuditEntry._meta.db_table in q["sql"] for q in queries_run.captured_queries)


def test_the_household_history_still_lists_a_removed_members_changes(client, village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    member = MemberFactory(household=household, name="赵六")
    services.update_member(member, by=village_user, version=member.version, work_employer="江门电子厂")
    services.remove_member(member, by=village_user, reason="外嫁迁出")
    client.force_login(village_user)

    html = client.get(reverse("registry:household_history", args=[household.pk])).content.decode()

    assert "江门电子厂" in html and "外嫁迁出" in html and "移除成员" in html
