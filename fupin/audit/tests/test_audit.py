"""The audit trail: append-only, scoped to the auditor's region, filterable, exportable, read-only API."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.audit.recorder import record


@pytest.fixture
def entries(villages, village_user):
    here = record(
        "registry.household.updated",
        by=village_user,
        region_code="440703101201",
        target_label="H-PENGJIANG-1",
        changes={"address": ["1号", "2号"], "income_per_capita": [5200, 6100]},
    )
    there = record(
        "registry.household.updated", by=None, region_code="440704001001", target_label="H-JIANGHAI-1"
    )
    return here, there


@pytest.fixture
def district_auditor(villages):
    return make_user(Role.AUDITOR, "440703000000", username="auditor703")


@pytest.fixture
def other_district_auditor(villages):
    return make_user(Role.AUDITOR, "440704000000", username="auditor704")


def test_an_audit_entry_cannot_be_updated(entries):
    entry = entries[0]
    entry.note = "changed"

    with pytest.raises(RuntimeError):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_an_audit_entry_cannot_be_deleted(entries):
    with pytest.raises(RuntimeError):
        entries[0].delete()

    assert AuditEntry.objects.filter(pk=entries[0].pk).exists()


def test_an_auditor_of_another_district_sees_none_of_this_districts_entries(
    client, entries, other_district_auditor
):
    client.force_login(other_district_auditor)

    body = client.get(reverse("audit:entry_list")).content.decode()

    assert "H-PENGJIANG-1" not in body
    assert "H-JIANGHAI-1" in body
    assert client.get(reverse("audit:entry_detail", args=[entries[0].pk])).status_code == 404
    assert (
        not AuditEntry.objects.visible_to(other_district_auditor)
        .filter(region_code__startswith="440703")
        .exists()
    )


def test_the_audit_page_needs_the_auditor_permission(client, entries, district_user):
    client.force_login(district_user)

    assert client.get(reverse("audit:entry_list")).status_code == 403
    assert client.get(reverse("audit:entry_detail", args=[entries[0].pk])).status_code == 403


def test_the_city_auditor_sees_every_district(client, entries, auditor_user):
    client.force_login(auditor_user)

    body = client.get(reverse("audit:entry_list")).content.decode()

    assert "H-PENGJIANG-1" in body and "H-JIANGHAI-1" in body


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"action": "registry.household.updated"}, {"H-PENGJIANG-1", "H-JIANGHAI-1"}),
        ({"action": "registry.household"}, {"H-PENGJIANG-1", "H-JIANGHAI-1"}),
        ({"action": "registry.house"}, set()),
        ({"actor": "village"}, {"H-PENGJIANG-1"}),
        ({"region": "440704"}, {"H-JIANGHAI-1"}),
        ({"region": "440703101201"}, {"H-PENGJIANG-1"}),
        ({"target": "H-JIANGHAI-1"}, {"H-JIANGHAI-1"}),
    ],
)
def test_the_audit_list_filters(client, entries, auditor_user, params, expected):
    client.force_login(auditor_user)

    body = client.get(reverse("audit:entry_list"), params).content.decode()

    assert {label for label in ("H-PENGJIANG-1", "H-JIANGHAI-1") if label in body} == expected


def test_the_audit_list_filters_by_date_range(client, entries, auditor_user):
    client.force_login(auditor_user)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    included = client.get(
        reverse("audit:entry_list"), {"date_from": today, "date_to": today}
    ).content.decode()
    excluded = client.get(reverse("audit:entry_list"), {"date_to": yesterday}).content.decode()

    assert "H-PENGJIANG-1" in included
    assert "H-PENGJIANG-1" not in excluded


def test_the_audit_list_paginates(client, villages, auditor_user):
    for i in range(60):
        record("test.thing.done", region_code="440703101201", target_label=f"T-{i:03d}")
    client.force_login(auditor_user)

    first = client.get(reverse("audit:entry_list"), {"action": "test.thing.done"}).content.decode()
    second = client.get(
        reverse("audit:entry_list"), {"action": "test.thing.done", "page": 2}
    ).content.decode()

    assert "T-059" in first and "T-000" not in first
    assert "T-000" in second


def test_entry_detail_shows_changes_as_field_old_new(client, entries, auditor_user):
    client.force_login(auditor_user)

    body = client.get(reverse("audit:entry_detail", args=[entries[0].pk])).content.decode()

    assert "address" in body and "1号" in body and "→" in body and "2号" in body


def test_audit_export_is_scoped_and_itself_audited(client, entries, district_auditor):
    client.force_login(district_auditor)

    response = client.get(reverse("audit:entry_list"), {"export": "xlsx"})

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert any("H-PENGJIANG-1" in c for c in cells)
    assert not any("H-JIANGHAI-1" in c for c in cells)
    assert any("address: 1号 → 2号" in c for c in cells)
    assert AuditEntry.objects.filter(action="audit.auditentry.exported", actor=district_auditor).count() == 1


def test_audit_api_lists_only_the_callers_scope(client, entries, other_district_auditor):
    client.force_login(other_district_auditor)

    listed = client.get("/api/v1/audit-entries/").json()

    labels = [e["target_label"] for e in listed["results"]]
    assert "H-JIANGHAI-1" in labels
    assert "H-PENGJIANG-1" not in labels
    assert all(e["region_code"].startswith("440704") for e in listed["results"])
    assert client.get(f"/api/v1/audit-entries/{entries[0].pk}/").status_code == 404


def test_audit_api_is_read_only(client, entries, auditor_user):
    client.force_login(auditor_user)
    url = f"/api/v1/audit-entries/{entries[0].pk}/"

    assert client.delete(url).status_code == 405
    assert client.patch(url, {"note": "x"}, content_type="application/json").status_code == 405
    assert client.post("/api/v1/audit-entries/", {}, content_type="application/json").status_code == 405


def test_audit_api_needs_the_auditor_permission(client, entries, village_user):
    client.force_login(village_user)

    assert client.get("/api/v1/audit-entries/").status_code == 403
