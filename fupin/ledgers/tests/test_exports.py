"""台账 exports: full IDs and phones for the roles with the full-ID right (audited as such), masked for the
others; regions by name."""

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.choices import Relation
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(villages):
    household = HouseholdFactory(region_id="440703101201", number="H200")
    head = MemberFactory(household=household, name="黄阿婆", relation=Relation.HEAD)
    LedgerItemFactory(household=household, description="饮水问题", village_phone="13812345678")
    return head


def exported(client, user):
    client.force_login(user)
    response = client.get(reverse("ledgers:item_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    return dict(zip(rows[2], rows[3], strict=False)), rows


def test_a_role_with_the_full_id_right_exports_full_ids_and_the_export_is_audited_as_such(
    client, town_user, item
):
    row, rows = exported(client, town_user)
    assert row["户主"] == "黄阿婆" and row["户主身份证号"] == item.id_number
    assert "13812345678" in rows[3]
    entry = AuditEntry.objects.get(action="ledgers.ledgeritem.full_ids_exported")
    assert entry.changes["full_ids"] == [None, 1] and entry.changes["full_phones"][1] >= 1
    assert AuditEntry.objects.filter(action="ledgers.ledgeritem.exported").exists()


def test_a_role_without_the_full_id_right_gets_masked_ids_and_phones(client, city_user, item):
    row, rows = exported(client, city_user)
    assert row["户主身份证号"] == item.id_number[:6] + "*" * 10 + item.id_number[-2:]
    assert "13812345678" not in rows[3] and "138****5678" in rows[3]
    assert not AuditEntry.objects.filter(action="ledgers.ledgeritem.full_ids_exported").exists()


def test_the_ledger_export_names_regions_instead_of_codes(client, town_user, item):
    row, _rows = exported(client, town_user)
    assert row["地区"] and "440703101201" not in str(row["地区"])
