"""R7.2: the roster of village first secretaries and town work groups (sending unit, term, on post or not,
villages covered), kept through a page and the API, and named on the ledger and supervision pages."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, OutOfScope
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.plan import queries, services
from fupin.plan.models import Posting, PostingKind
from fupin.plan.tests.factories import PostingFactory

pytestmark = pytest.mark.django_db
TOWN = "440703101000"
VILLAGE = "440703101201"
SIBLING = "440703101202"
OTHER_TOWN_VILLAGE = "440703102201"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _group(by, **changes):
    values = {
        "kind": PostingKind.TOWN_GROUP,
        "region_code": TOWN,
        "name": "梁国栋",
        "sending_unit": "蓬江区扶贫办",
        "term_starts_on": date(2020, 1, 1),
        "villages": [],
    }
    return services.add_posting(by=by, **{**values, **changes})


def test_a_town_registers_its_work_group_covering_its_villages_and_it_is_audited(town_user, villages):
    group = _group(town_user, villages=[villages[VILLAGE], villages[SIBLING]])
    assert set(group.villages.values_list("code", flat=True)) == {VILLAGE, SIBLING}
    assert AuditEntry.objects.filter(action="plan.posting.added", target_id=str(group.pk)).exists()


def test_a_work_group_may_not_cover_a_village_of_another_town(district_user, villages):
    with pytest.raises(DomainError) as exc:
        _group(district_user, villages=[villages[OTHER_TOWN_VILLAGE]])
    assert exc.value.field == "villages"


def test_a_first_secretary_sits_in_a_village_and_covers_it(town_user):
    secretary = services.add_posting(
        by=town_user,
        kind=PostingKind.FIRST_SECRETARY,
        region_code=VILLAGE,
        name="陈志强",
        sending_unit="市人力资源社会保障局",
        term_starts_on=date(2019, 6, 1),
        term_ends_on=date(2021, 5, 31),
    )
    assert list(secretary.villages.values_list("code", flat=True)) == [VILLAGE]
    with pytest.raises(DomainError):
        services.add_posting(
            by=town_user,
            kind=PostingKind.FIRST_SECRETARY,
            region_code=TOWN,
            name="错位",
            sending_unit="市财政局",
            term_starts_on=date(2019, 6, 1),
        )


def test_another_town_cannot_put_someone_on_this_towns_roster(other_town_user):
    with pytest.raises(OutOfScope):
        _group(other_town_user)


def test_taking_a_secretary_off_post_is_versioned_and_audited(town_user):
    secretary = PostingFactory(region_code=VILLAGE)
    services.update_posting(secretary, by=town_user, version=secretary.version, on_post=False)
    assert Posting.objects.get(pk=secretary.pk).on_post is False
    entry = AuditEntry.objects.get(action="plan.posting.changed", target_id=str(secretary.pk))
    assert entry.changes["on_post"] == [True, False]
    with pytest.raises(ConflictError):
        services.update_posting(secretary, by=town_user, version=1, on_post=True)


def test_the_roster_page_lists_filters_and_exports(client, town_user, villages):
    PostingFactory(region_code=VILLAGE, name="陈志强")
    PostingFactory(region_code=SIBLING, name="李伟明", on_post=False)
    PostingFactory(region_code=OTHER_TOWN_VILLAGE, name="外镇书记")
    client.force_login(town_user)
    page = client.get(reverse("plan:roster"))
    assert page.status_code == 200 and page.context["page"].paginator.count == 2
    assert "测试一村" in page.content.decode()  # the village by name, never its code
    on_post = client.get(reverse("plan:roster"), {"on_post": "true"})
    assert on_post.context["page"].paginator.count == 1
    export = client.get(reverse("plan:roster"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "陈志强" in values and "外镇书记" not in values


def test_the_roster_is_kept_from_pages(client, town_user, villages):
    client.force_login(town_user)
    response = client.post(
        reverse("plan:posting_new"),
        {
            "kind": PostingKind.FIRST_SECRETARY,
            "region_code": VILLAGE,
            "name": "黄丽华",
            "sending_unit": "市水利局",
            "term_starts_on": "2019-06-01",
            "on_post": "on",
        },
    )
    assert response.status_code == 302
    posting = Posting.objects.get(name="黄丽华")
    edit = reverse("plan:posting_edit", args=[posting.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "version": posting.version,
            "kind": PostingKind.FIRST_SECRETARY,
            "region_code": VILLAGE,
            "name": "黄丽华",
            "sending_unit": "市水利局",
            "term_starts_on": "2019-06-01",
            "term_ends_on": "2020-05-31",
            "villages": [VILLAGE, SIBLING],
        },
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert (posting.on_post, posting.term_ends_on) == (False, date(2020, 5, 31))
    assert set(posting.villages.values_list("code", flat=True)) == {VILLAGE, SIBLING}


def test_a_village_reads_its_towns_group_but_cannot_change_it(client, town_user, village_user, villages):
    group = _group(town_user, villages=[villages[VILLAGE]])
    assert group in queries.postings_visible_to(village_user)
    client.force_login(village_user)
    assert client.get(reverse("plan:posting_edit", args=[group.pk])).status_code == 403


def test_the_roster_api_lists_adds_and_changes_with_a_version(town_user, village_user, villages):
    client = api(town_user)
    body = {
        "kind": "first_secretary",
        "region_code": VILLAGE,
        "name": "张建国",
        "sending_unit": "市教育局",
        "term_starts_on": "2019-06-01",
        "villages": [VILLAGE],
    }
    created = client.post("/api/v1/plan/roster/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    stale = client.patch(f"/api/v1/plan/roster/{pk}/", {"on_post": False, "version": 0}, format="json")
    assert stale.status_code == 409
    ok = client.patch(f"/api/v1/plan/roster/{pk}/", {"on_post": False, "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["on_post"] is False
    refused = api(village_user).patch(
        f"/api/v1/plan/roster/{pk}/", {"on_post": True, "version": 2}, format="json"
    )
    assert refused.status_code == 403
    wrong = client.post("/api/v1/plan/roster/", {**body, "region_code": "440703101299"}, format="json")
    assert wrong.status_code in (400, 404)


def test_the_ledger_and_supervision_pages_name_the_first_secretary_and_the_work_group(
    client, town_user, district_user, villages
):
    from fupin.ledgers import supervision
    from fupin.ledgers.choices import SupervisionGroup, TargetKind
    from fupin.registry.tests.factories import HouseholdFactory

    PostingFactory(region_code=VILLAGE, name="陈志强", sending_unit="市人力资源社会保障局")
    PostingFactory(region_code=VILLAGE, name="离岗书记", on_post=False)
    _group(town_user, villages=[villages[VILLAGE]])
    item = LedgerItemFactory(region_code=VILLAGE)
    client.force_login(town_user)
    page = client.get(reverse("ledgers:item_detail", args=[item.pk])).content.decode()
    assert "陈志强" in page and "梁国栋" in page and "离岗书记" not in page
    target = supervision.add_target(
        by=district_user,
        kind=TargetKind.HOUSEHOLD,
        group=SupervisionGroup.HOUSING,
        household=HouseholdFactory(region_id=VILLAGE),
        deadline=date(2020, 6, 30),
        plan_money=20000,
    )
    page = client.get(reverse("ledgers:supervision_detail", args=[target.pk])).content.decode()
    assert "陈志强" in page and "梁国栋" in page
