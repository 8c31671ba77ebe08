import pytest

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.ledgers import services
from fupin.ledgers.choices import ItemStatus
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.ledgers.workflow import TRANSITIONS, can_transition

pytestmark = pytest.mark.django_db


def _requested(village_user):
    item = LedgerItemFactory()
    services.add_evidence(item, by=village_user, text="整改前后照片")
    item.refresh_from_db()
    return services.request_close(item, by=village_user, version=item.version)


def test_every_transition_has_a_service():
    assert set(TRANSITIONS) == {"start", "request_close", "close", "return"}


def test_village_starts_an_item_and_it_is_audited(village_user):
    item = LedgerItemFactory()
    item = services.start_item(item, by=village_user, version=item.version)
    assert item.status == ItemStatus.IN_PROGRESS
    entry = AuditEntry.objects.get(action="ledgers.ledgeritem.started")
    assert entry.changes == {"status": ["open", "in_progress"]} and entry.actor == village_user


def test_close_request_needs_evidence(village_user):
    item = LedgerItemFactory()
    with pytest.raises(DomainError):
        services.request_close(item, by=village_user, version=item.version)
    assert not AuditEntry.objects.filter(action="ledgers.ledgeritem.close_requested").exists()


def test_village_asks_to_close_with_evidence(village_user):
    item = _requested(village_user)
    assert item.status == ItemStatus.CLOSE_REQUESTED and item.close_requested_on is not None
    assert AuditEntry.objects.filter(
        action="ledgers.ledgeritem.close_requested", target_id=str(item.pk)
    ).exists()


def test_town_closes_a_village_item(village_user, town_user):
    item = _requested(village_user)
    item = services.close_item(item, by=town_user, version=item.version)
    assert item.status == ItemStatus.CLOSED and item.closed_by == town_user and item.closed_on
    entry = AuditEntry.objects.get(action="ledgers.ledgeritem.closed")
    assert entry.changes == {"status": ["close_requested", "closed"]}


def test_village_cannot_close_its_own_item(village_user):
    item = _requested(village_user)
    assert not can_transition(item, "close", village_user)
    with pytest.raises(NotAllowed):
        services.close_item(item, by=village_user, version=item.version)


def test_town_cannot_close_an_item_of_its_own_level(village_user, town_user, district_user):
    item = LedgerItemFactory(region_code="440703101000")
    services.add_evidence(item, by=town_user, text="材料")
    item.refresh_from_db()
    item = services.request_close(item, by=town_user, version=item.version)
    with pytest.raises(NotAllowed):
        services.close_item(item, by=town_user, version=item.version)
    assert services.close_item(item, by=district_user, version=item.version).status == ItemStatus.CLOSED


def test_other_town_cannot_close_or_see(village_user, other_town_user):
    item = _requested(village_user)
    with pytest.raises(OutOfScope):
        services.close_item(item, by=other_town_user, version=item.version)


def test_town_returns_with_reason_then_village_completes(village_user, town_user):
    item = _requested(village_user)
    with pytest.raises(DomainError):
        services.return_item(item, by=town_user, version=item.version, reason=" ")
    item = services.return_item(item, by=town_user, version=item.version, reason="照片不清晰")
    assert item.status == ItemStatus.IN_PROGRESS and item.return_reason == "照片不清晰"
    assert AuditEntry.objects.get(action="ledgers.ledgeritem.returned").note == "照片不清晰"
    item = services.request_close(item, by=village_user, version=item.version)
    assert item.status == ItemStatus.CLOSE_REQUESTED and item.return_reason == ""


def test_closed_item_cannot_be_closed_again(village_user, town_user):
    item = _requested(village_user)
    item = services.close_item(item, by=town_user, version=item.version)
    with pytest.raises(DomainError):
        services.close_item(item, by=town_user, version=item.version)


def test_second_closer_gets_a_conflict(village_user, town_user, district_user):
    item = _requested(village_user)
    seen_by_district = type(item).objects.get(pk=item.pk)
    services.close_item(item, by=town_user, version=item.version)
    with pytest.raises(ConflictError):
        services.close_item(seen_by_district, by=district_user, version=seen_by_district.version)
    assert AuditEntry.objects.filter(action="ledgers.ledgeritem.closed").count() == 1


def test_two_editors_second_gets_a_conflict_and_first_edit_is_kept(
    village_user, other_village_user, town_user
):
    item = LedgerItemFactory()
    version = item.version
    services.update_item(item, by=village_user, version=version, measures="入户核实")
    with pytest.raises(ConflictError):
        services.update_item(item, by=town_user, version=version, measures="另一种写法")
    item.refresh_from_db()
    assert item.measures == "入户核实"
    entry = AuditEntry.objects.get(action="ledgers.ledgeritem.changed")
    assert entry.changes == {"measures": ["", "入户核实"]}


def test_department_without_close_permission_cannot_close(village_user, department_user):
    item = _requested(village_user)
    with pytest.raises(NotAllowed):
        services.close_item(item, by=department_user, version=item.version)
