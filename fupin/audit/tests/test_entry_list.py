"""The audit entry list: filter, `?sort=`, pages, export, former spellings."""

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.audit.recorder import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(villages):
    return make_user(Role.AUDITOR, "440703000000", username="auditor703")


def _entries(actor, count, action="test.thing.done"):
    for i in range(count):
        record(action, by=actor, region_code="440703101201", note=f"第{i}条")


def test_entry_list_filters_by_action_and_pages_by_50(client, auditor, village_user):
    _entries(village_user, 52)
    _entries(village_user, 3, action="test.other.done")
    client.force_login(auditor)

    second = client.get(reverse("audit:entry_list"), {"action": "test.thing.done", "page": 2})

    assert len(second.context["page"].object_list) == 2
    assert "共 52 条记录" in second.content.decode()


def test_entry_list_sorts_by_actor_both_ways(client, auditor, village_user, town_user):
    _entries(village_user, 1)
    _entries(town_user, 1)
    client.force_login(auditor)
    url = reverse("audit:entry_list")

    up = client.get(url, {"action": "test", "sort": "actor_name"}).context["page"].object_list
    down = client.get(url, {"action": "test", "sort": "-actor_name"}).context["page"].object_list

    assert [e.actor_name for e in up] == sorted(e.actor_name for e in up)
    assert [e.actor_name for e in down] == [e.actor_name for e in reversed(up)]
    assert len(up) == 2


def test_entry_export_holds_the_filtered_entries_and_is_itself_audited(client, auditor, village_user):
    _entries(village_user, 2)
    _entries(village_user, 1, action="test.other.done")
    client.force_login(auditor)

    response = client.get(reverse("audit:entry_list"), {"action": "test.other", "export": "xlsx"})

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))[3:]
    assert [row[10] for row in rows] == ["第0条"]
    entry = AuditEntry.objects.get(action="audit.auditentry.exported")
    assert entry.changes["rows"] == [None, 1]
    assert entry.changes["region"] == [None, "440703000000"]


def test_entry_list_redirects_the_former_spellings(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("audit:entry_list"), {"actor": "x", "format": "xlsx"})

    assert response.status_code == 302
    assert response["Location"] == reverse("audit:entry_list") + "?actor=x&export=xlsx"
