import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.ledgers import services
from fupin.ledgers.choices import ItemStatus, LedgerKind
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import HouseholdFactory, household_with_members

pytestmark = pytest.mark.django_db


def test_town_creates_a_problem_item_for_a_household(town_user):
    household = household_with_members(2, region_id="440703101202")
    members = list(household.members.all())
    item = services.create_item(
        by=town_user,
        region_code="",
        household=household,
        kind=LedgerKind.PROBLEM,
        description="饮水水质未检测",
        deadline=datetime.date(2020, 6, 30),
        members=members,
    )
    assert item.region_code == "440703101202" and item.status == ItemStatus.OPEN
    assert item.members.count() == 2
    entry = AuditEntry.objects.get(action="ledgers.ledgeritem.created")
    assert entry.region_code == "440703101202" and entry.actor == town_user


def test_village_cadre_cannot_create_items(village_user):
    with pytest.raises(NotAllowed):
        services.create_item(
            by=village_user, region_code="440703101201", description="x", deadline=datetime.date(2020, 6, 30)
        )


def test_town_cannot_create_in_another_town(town_user, villages):
    with pytest.raises(OutOfScope):
        services.create_item(
            by=town_user, region_code="440703102201", description="x", deadline=datetime.date(2020, 6, 30)
        )


def test_household_must_lie_in_scope(town_user, villages):
    household = HouseholdFactory(region_id="440703102201")
    with pytest.raises(OutOfScope):
        services.create_item(
            by=town_user,
            region_code="440703101201",
            household=household,
            description="x",
            deadline=datetime.date(2020, 6, 30),
        )


def test_first_progress_starts_the_item(village_user):
    item = LedgerItemFactory()
    entry = services.add_progress(item, by=village_user, text="已入户核实")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS and entry.region_code == item.region_code
    assert AuditEntry.objects.get(action="ledgers.progressentry.added").note == "已入户核实"


def test_evidence_file_is_stored_and_audited(village_user, pdf_upload):
    item = LedgerItemFactory()
    evidence = services.add_evidence(item, by=village_user, upload=pdf_upload)
    assert evidence.original_name == "整改照片.pdf" and evidence.file.name.endswith(".pdf")
    assert AuditEntry.objects.get(action="ledgers.evidence.added").note == "整改照片.pdf"


@pytest.mark.parametrize("name,content", [("a.exe", b"MZ"), ("a.pdf", b"not a pdf"), ("a.html", b"<html>")])
def test_evidence_refuses_wrong_types(village_user, name, content):
    item = LedgerItemFactory()
    with pytest.raises(DomainError):
        services.add_evidence(item, by=village_user, upload=SimpleUploadedFile(name, content))
    assert not item.evidence.exists()


def test_evidence_refuses_oversized_files(village_user, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    item = LedgerItemFactory()
    with pytest.raises(DomainError):
        services.add_evidence(item, by=village_user, upload=SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * 20))


def test_closed_item_cannot_be_edited(village_user):
    item = LedgerItemFactory(status=ItemStatus.CLOSED, closed_on=datetime.date(2020, 5, 1))
    with pytest.raises(DomainError):
        services.update_item(item, by=village_user, version=item.version, measures="x")


def test_members_must_belong_to_the_household(town_user):
    household = household_with_members(1)
    stranger = household_with_members(1).members.get()
    with pytest.raises(DomainError):
        services.create_item(
            by=town_user,
            region_code="",
            household=household,
            members=[stranger],
            description="x",
            deadline=datetime.date(2020, 6, 30),
        )
