"""The ledger item and supervision lists: filter, `?sort=`, pages, export, former spellings."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.ledgers import supervision
from fupin.ledgers.choices import SupervisionGroup, TargetKind
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2030, 1, 1)


def _rows(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))[3:]


def _target(by, *, days, group=SupervisionGroup.HOUSING, number=None):
    household = HouseholdFactory(**({"number": number} if number else {}))
    return supervision.add_target(
        by=by,
        kind=TargetKind.HOUSEHOLD,
        group=group,
        household=household,
        deadline=DAY + datetime.timedelta(days=days),
        plan_money=1000 * (days + 1),
    )


def test_item_list_sorts_latest_deadline_first_and_keeps_the_sort_on_page_2(client, town_user):
    items = [LedgerItemFactory(deadline=DAY + datetime.timedelta(days=i)) for i in range(55)]
    client.force_login(town_user)

    first = client.get(reverse("ledgers:item_list"), {"sort": "-deadline"}).context["page"]
    second = client.get(reverse("ledgers:item_list"), {"sort": "-deadline", "page": 2}).context["page"]

    assert [i.pk for i in first.object_list][:2] == [items[54].pk, items[53].pk]
    assert [i.pk for i in second.object_list] == [i.pk for i in reversed(items[:5])]


def test_item_export_holds_the_filtered_items_in_the_chosen_order(client, town_user):
    early = LedgerItemFactory(lead_unit="市水利局", deadline=DAY)
    late = LedgerItemFactory(lead_unit="市水利局", deadline=DAY + datetime.timedelta(days=9))
    LedgerItemFactory(lead_unit="市住房城乡建设局")
    client.force_login(town_user)

    response = client.get(
        reverse("ledgers:item_list"), {"unit": "市水利局", "sort": "-deadline", "export": "xlsx"}
    )

    assert [row[8] for row in _rows(response)] == [late.description, early.description]
    assert AuditEntry.objects.get(action="ledgers.ledgeritem.exported").changes["rows"] == [None, 2]


def test_supervision_list_filters_by_group_and_sorts_by_money(client, district_user):
    small = _target(district_user, days=1)
    big = _target(district_user, days=5)
    _target(district_user, days=3, group=SupervisionGroup.WATER)
    client.force_login(district_user)

    page = client.get(
        reverse("ledgers:supervision_list"), {"group": SupervisionGroup.HOUSING, "sort": "-plan_money"}
    ).context["page"]

    assert [t.pk for t in page.object_list] == [big.pk, small.pk]


def test_supervision_list_pages_by_50_in_deadline_order(client, district_user):
    targets = [_target(district_user, days=i) for i in range(52)]
    client.force_login(district_user)

    response = client.get(reverse("ledgers:supervision_list"), {"page": 2})

    assert [t.pk for t in response.context["page"].object_list] == [targets[50].pk, targets[51].pk]
    assert "共 52 条" in response.content.decode()


def test_supervision_export_gives_the_filtered_targets_in_the_ledger_form_and_is_audited(
    client, district_user
):
    _target(district_user, days=1, number="H-HOUSING")
    _target(district_user, days=2, group=SupervisionGroup.WATER, number="H-SCHOOL")
    client.force_login(district_user)

    response = client.get(
        reverse("ledgers:supervision_list"), {"group": SupervisionGroup.WATER, "export": "xlsx"}
    )

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = next(r for r in book.active.iter_rows(values_only=True) if r and r[0] == "序号")
    assert header[:7] == ("序号", "督战类别", "对象类型", "县(市、区)", "镇(街)", "村(居)", "户编号")
    assert {"市级挂钩工作组", "帮扶措施（一户一策）", "督战人数", "已支付资金(元)", "完成情况"} <= set(header)
    rows = list(book.active.iter_rows(values_only=True))[3:]
    assert len(rows) == 1 and rows[0][6] == "H-SCHOOL" and rows[0][5] == "测试一村"
    assert str(rows[0][header.index("督战时限")])[:10] == (DAY + datetime.timedelta(days=2)).isoformat()
    entry = AuditEntry.objects.get(action="ledgers.supervisiontarget.exported")
    assert entry.changes["rows"] == [None, 1]


def test_supervision_list_redirects_the_former_spellings(client, district_user):
    client.force_login(district_user)

    response = client.get(reverse("ledgers:supervision_list"), {"ordering": "deadline", "format": "csv"})

    assert response.status_code == 302
    assert response["Location"] == reverse("ledgers:supervision_list") + "?sort=deadline&export=csv"
