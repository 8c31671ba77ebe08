import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.ledgers import queries
from fupin.ledgers.choices import ItemStatus, LedgerKind
from fupin.ledgers.models import LedgerItem
from fupin.ledgers.tests.factories import LedgerItemFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2020, 5, 1)


def test_overdue_is_derived_from_the_deadline_as_time_moves(villages):
    item = LedgerItemFactory(deadline=datetime.date(2020, 5, 10))
    assert not LedgerItem.objects.overdue(TODAY).exists()
    assert list(LedgerItem.objects.overdue(datetime.date(2020, 5, 11))) == [item]


def test_closed_items_are_never_overdue(villages):
    LedgerItemFactory(deadline=datetime.date(2020, 4, 1), status=ItemStatus.CLOSED, closed_on=TODAY)
    assert not LedgerItem.objects.overdue(TODAY).exists()


def test_inbox_buckets_items_for_the_responsible_person_as_time_moves(village_user):
    village_user.phone = "13800000001"
    item = LedgerItemFactory(deadline=datetime.date(2020, 5, 10))
    assert all(not v for v in queries.inbox(village_user, TODAY)["mine"].values())  # 9 days left
    assert queries.inbox(village_user, datetime.date(2020, 5, 3))["mine"]["7"] == [item]
    assert queries.inbox(village_user, datetime.date(2020, 5, 8))["mine"]["3"] == [item]
    assert queries.inbox(village_user, datetime.date(2020, 5, 9))["mine"]["1"] == [item]
    assert queries.inbox(village_user, datetime.date(2020, 5, 12))["mine"]["overdue"] == [item]


def test_inbox_of_the_superior_level_shows_the_village_item(town_user, other_town_user):
    item = LedgerItemFactory(deadline=datetime.date(2020, 4, 20))
    assert queries.inbox(town_user, TODAY)["below"]["overdue"] == [item]
    assert queries.inbox(other_town_user, TODAY)["below"]["overdue"] == []


def test_inbox_matches_by_name_when_the_user_has_no_phone(village_user):
    village_user.display_name = "陈书记"
    village_user.phone = ""
    item = LedgerItemFactory(deadline=datetime.date(2020, 5, 1))
    assert queries.inbox(village_user, TODAY)["mine"]["1"] == [item]


def test_department_inbox_shows_items_of_its_unit(department_user):
    item = LedgerItemFactory(deadline=datetime.date(2020, 4, 1), lead_unit="市人力资源社会保障局")
    LedgerItemFactory(deadline=datetime.date(2020, 4, 1), lead_unit="市水利局")
    assert queries.inbox(department_user, TODAY)["mine"]["overdue"] == [item]


def _city_items():
    LedgerItemFactory(deadline=datetime.date(2020, 4, 1))  # overdue, open
    LedgerItemFactory(status=ItemStatus.CLOSED, closed_on=TODAY)
    LedgerItemFactory(region_code="440704001001", status=ItemStatus.CLOSE_REQUESTED)
    LedgerItemFactory(kind=LedgerKind.ASSISTANCE, region_code="440703102201")


@pytest.fixture
def districts(villages):
    from fupin.regions.models import Region, RegionLevel

    for code, name in (("440703000000", "蓬江区"), ("440704000000", "江海区")):
        Region.objects.get_or_create(code=code, defaults={"name": name, "level": RegionLevel.COUNTY})


def test_city_board_counts_by_kind_region_and_unit(city_user, districts):
    _city_items()
    qs = LedgerItem.objects.visible_to(city_user)
    with CaptureQueriesContext(connection) as ctx:
        board = queries.board(qs, TODAY, group_prefix="4407")
    few = len(ctx.captured_queries)
    for _ in range(10):
        LedgerItemFactory(region_code="440703101202")
    with CaptureQueriesContext(connection) as ctx:
        queries.board(qs, TODAY, group_prefix="4407")
    assert len(ctx.captured_queries) == few <= 4
    problem = board["problem"]
    assert problem["total"] == {
        "found": 3,
        "rectified": 2,
        "in_progress": 1,
        "overdue": 1,
        "closed": 1,
        "rate": 33.3,
    }
    assert dict(problem["regions"])["440703"]["found"] == 2
    assert dict(problem["regions"])["440704"]["rectified"] == 1
    assert dict(problem["units"])["市住房城乡建设局"]["found"] == 3
    assert board["assistance"]["total"]["found"] == 1


def test_board_of_a_town_groups_by_village(town_user):
    LedgerItemFactory()
    LedgerItemFactory(region_code="440703101202")
    LedgerItemFactory(region_code="440703102201")  # other town: not visible
    board = queries.board(LedgerItem.objects.visible_to(town_user), TODAY, group_prefix="440703101")
    assert [code for code, _r in board["problem"]["regions"]] == ["440703101201", "440703101202"]


def test_overdue_summary_by_region_and_unit(city_user):
    LedgerItemFactory(deadline=datetime.date(2020, 4, 1))
    LedgerItemFactory(deadline=datetime.date(2020, 4, 1), region_code="440704001001", lead_unit="市水利局")
    LedgerItemFactory(deadline=datetime.date(2020, 6, 1))
    by_region, by_unit = queries.overdue_summary(LedgerItem.objects.visible_to(city_user), TODAY, "4407")
    assert by_region == [("440703", 1), ("440704", 1)]
    assert dict(by_unit) == {"市住房城乡建设局": 1, "市水利局": 1}


def test_city_board_by_counts_equals_the_grouped_board(city_user, districts):
    _city_items()
    LedgerItemFactory(region_code="440700000000", lead_unit="")  # an item at the city's own level
    qs = LedgerItem.objects.visible_to(city_user)
    counted = sorted(queries._counted_rows(qs, TODAY, "4407"))
    grouped = sorted(queries._grouped_rows(qs, TODAY, "4407"))
    assert counted == grouped and len(counted) == 10


def test_town_board_uses_two_grouped_queries(town_user, django_assert_num_queries):
    LedgerItemFactory()
    qs = LedgerItem.objects.visible_to(town_user)
    with django_assert_num_queries(2):
        queries.board(qs, TODAY, group_prefix="440703101")


def _board_from(user, *, tally):
    qs = LedgerItem.objects.visible_to(user)
    rows = queries.tally_rows_for(user) if tally else None
    return queries.board(qs, TODAY, group_prefix=queries.board_prefix(user), tally_rows=rows)


def test_city_board_from_the_tally_equals_the_board_counted_from_the_items(city_user, districts):
    _city_items()
    LedgerItemFactory(region_code="440700000000", lead_unit="")  # an item at the city's own level
    LedgerItemFactory(region_code="440704001001", deadline=datetime.date(2020, 3, 1), lead_unit="市水利局")
    assert queries.tally_rows_for(city_user) is not None
    assert _board_from(city_user, tally=True) == _board_from(city_user, tally=False)


def test_a_village_scope_is_never_answered_from_the_town_tally(village_user):
    assert queries.tally_rows_for(village_user) is None


def test_city_board_from_the_tally_takes_a_fixed_number_of_queries(city_user, districts):
    _city_items()
    _board_from(city_user, tally=True)  # loads the user's role assignments once
    with CaptureQueriesContext(connection) as ctx:
        _board_from(city_user, tally=True)
    few = len(ctx.captured_queries)
    for n in range(10):
        LedgerItemFactory(region_code="440704001001", lead_unit=f"单位{n}")
    with CaptureQueriesContext(connection) as ctx:
        board = _board_from(city_user, tally=True)
    assert len(ctx.captured_queries) == few <= 4
    assert dict(board["problem"]["units"])["单位3"]["found"] == 1
