import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.ledgers import services
from fupin.ledgers.choices import ItemStatus
from fupin.ledgers.models import LedgerItem
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("ledgers:home")).status_code == 302


def test_auditor_without_ledger_permission_gets_403(client, auditor_user):
    assert login(client, auditor_user).get(reverse("ledgers:item_list")).status_code == 403


def test_other_town_gets_404_on_item(client, other_town_user):
    item = LedgerItemFactory()
    assert (
        login(client, other_town_user).get(reverse("ledgers:item_detail", args=[item.pk])).status_code == 404
    )


def test_list_shows_only_items_in_scope(client, town_user):
    mine = LedgerItemFactory(description="本镇问题")
    LedgerItemFactory(region_code="440703102201", description="他镇问题")
    body = login(client, town_user).get(reverse("ledgers:item_list")).content.decode()
    assert "本镇问题" in body and "他镇问题" not in body and str(mine.pk) in body


def test_list_filters_overdue_and_unit(client, city_user):
    LedgerItemFactory(description="逾期问题", deadline=datetime.date(2020, 1, 1))
    LedgerItemFactory(description="未到期问题", lead_unit="市水利局")
    client = login(client, city_user)
    body = client.get(reverse("ledgers:item_list"), {"overdue": "true"}).content.decode()
    assert "逾期问题" in body and "未到期问题" not in body
    body = client.get(reverse("ledgers:item_list"), {"unit": "市水利局"}).content.decode()
    assert "逾期问题" not in body and "未到期问题" in body


def test_list_query_count_does_not_grow_with_rows(client, city_user, django_assert_max_num_queries):
    for _ in range(30):
        LedgerItemFactory(household=HouseholdFactory())
    client = login(client, city_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ledgers:item_list")).status_code == 200


def test_page_journey_close_then_export_shows_closed(client, village_user, town_user, pdf_upload):
    item = LedgerItemFactory(description="饮水问题")
    c = login(client, village_user)
    c.post(reverse("ledgers:progress_add", args=[item.pk]), {"text": "已更换水管"})
    c.post(reverse("ledgers:evidence_add", args=[item.pk]), {"text": "", "file": pdf_upload})
    item.refresh_from_db()
    c.post(reverse("ledgers:item_transition", args=[item.pk, "request_close"]), {"version": item.version})
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSE_REQUESTED
    c.logout()
    c = login(client, town_user)
    c.post(reverse("ledgers:item_transition", args=[item.pk, "close"]), {"version": item.version})
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED
    response = c.get(reverse("ledgers:item_list"), {"export": "xlsx", "kind": "problem"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "问题清单台账" and rows[2][0] == "序号"
    header = list(rows[2])
    data = dict(zip(header, rows[3], strict=False))
    assert data["问题描述"] == "饮水问题" and data["整改状态"] == "已销号"
    assert data["销号日期"] == datetime.date.today().isoformat() and "已更换水管" in data["整改情况/进展"]
    assert AuditEntry.objects.filter(action="ledgers.ledgeritem.exported").exists()


def test_stale_close_on_page_shows_conflict_message(client, village_user, town_user):
    item = LedgerItemFactory()
    services.add_evidence(item, by=village_user, text="材料")
    item.refresh_from_db()
    stale = item.version
    services.request_close(item, by=village_user, version=item.version)
    c = login(client, town_user)
    response = c.post(
        reverse("ledgers:item_transition", args=[item.pk, "close"]), {"version": stale}, follow=True
    )
    assert "已被他人修改" in response.content.decode()
    assert LedgerItem.objects.get(pk=item.pk).status == ItemStatus.CLOSE_REQUESTED


def test_evidence_is_served_only_in_scope(client, village_user, other_village_user, town_user, pdf_upload):
    item = LedgerItemFactory()
    evidence = services.add_evidence(item, by=village_user, upload=pdf_upload)
    url = reverse("ledgers:evidence_download", args=[evidence.pk])
    assert login(client, other_village_user).get(url).status_code == 404
    client.logout()
    response = login(client, town_user).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["问题清单"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("list.xlsx", out.getvalue())


HEADER = ["区划代码", "户编号", "问题类别", "问题描述", "牵头单位", "整改时限", "整改类型"]


def test_import_with_errors_writes_nothing_and_lists_rows(client, town_user):
    upload = _xlsx(
        [
            HEADER,
            ["440703101201", "", "住房安全", "危房未改造", "市住房城乡建设局", "2020-06-30", "限期整改"],
            ["440703102201", "", "饮水", "", "", "2020-13-01", "立行立改"],
        ]
    )
    response = login(client, town_user).post(reverse("ledgers:item_import"), {"file": upload})
    body = response.content.decode()
    assert LedgerItem.objects.count() == 0
    assert "不在您的管辖范围内" in body and "日期格式" in body and "不在代码表中" in body and "必填" in body


def test_import_creates_all_rows_when_valid(client, town_user):
    household = HouseholdFactory(region_id="440703101202")
    upload = _xlsx(
        [
            HEADER,
            ["440703101201", "", "住房安全", "危房未改造", "市住房城乡建设局", "2020-06-30", "限期整改"],
            ["440703101202", household.number, "饮水安全", "水质不达标", "市水利局", "2020/06/30", ""],
        ]
    )
    response = login(client, town_user).post(reverse("ledgers:item_import"), {"file": upload})
    assert response.status_code == 302
    items = LedgerItem.objects.order_by("id")
    assert [(i.category, i.household_id) for i in items] == [("housing", None), ("water", household.pk)]
    assert AuditEntry.objects.filter(action="ledgers.ledgeritem.created", source="import").count() == 2


def test_board_and_inbox_render(client, town_user):
    LedgerItemFactory(deadline=datetime.date.today())
    c = login(client, town_user)
    board = c.get(reverse("ledgers:home")).content.decode()
    assert "问题清单台账" in board and "测试一村" in board
    assert "#" in c.get(reverse("ledgers:inbox")).content.decode()
    assert c.get(reverse("ledgers:overdue")).status_code == 200


def test_town_creates_item_through_the_page(client, town_user):
    household = HouseholdFactory()
    response = login(client, town_user).post(
        reverse("ledgers:item_create"),
        {
            "kind": "problem",
            "source": "self_check",
            "category": "water",
            "description": "饮水不安全",
            "priority": "2",
            "deadline": "2020-06-30",
            "rectification_type": "deadline",
            "household_number": household.number,
        },
    )
    item = LedgerItem.objects.get()
    assert response.status_code == 302 and item.household == household and item.region_code == "440703101201"


def test_department_inbox_shows_overdue_tasks_of_its_unit(client, department_user, plan):
    from fupin.plan.models import PlanTask

    PlanTask.objects.filter(unit="市人力资源社会保障局").update(deadline=datetime.date(2020, 1, 1))
    PlanTask.objects.filter(unit="市水利局").update(deadline=datetime.date(2020, 1, 1))
    body = login(client, department_user).get(reverse("ledgers:inbox")).content.decode()
    assert "逾期的措施任务" in body and "市人力资源社会保障局" in body and "市水利局" not in body


def test_department_list_offers_its_unit_filter(client, department_user):
    LedgerItemFactory(lead_unit="市人力资源社会保障局", description="本单位牵头")
    LedgerItemFactory(lead_unit="市水利局", description="他单位牵头")
    c = login(client, department_user)
    assert "本单位事项" in c.get(reverse("ledgers:item_list")).content.decode()
    body = c.get(reverse("ledgers:item_list"), {"unit": "市人力资源社会保障局"}).content.decode()
    assert "本单位牵头" in body and "他单位牵头" not in body


def test_screening_pages_create_then_offer_to_close(client, village_user, plan):
    household = HouseholdFactory()
    c = login(client, village_user)
    answers = {
        k: "1"
        for k in ("san_luoshi", "san_jingzhun", "education", "medical", "housing", "yi_tisheng", "water")
    }
    c.post(reverse("ledgers:screen_household", args=[household.pk]), {**answers, "water": "0"})
    item = LedgerItem.objects.get(household=household)
    response = c.post(reverse("ledgers:screen_household", args=[household.pk]), answers)
    detail = c.get(response.url).content.decode()
    assert "以本次排查为佐证申请销号" in detail
    check_pk = int(response.url.rstrip("/").rsplit("/", 1)[-1])
    c.post(reverse("ledgers:screening_close", args=[check_pk, item.pk]), {"version": item.version})
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSE_REQUESTED


def test_other_village_gets_404_on_screening_page(client, other_village_user):
    household = HouseholdFactory()
    response = login(client, other_village_user).get(reverse("ledgers:screen_household", args=[household.pk]))
    assert response.status_code == 404


def test_city_board_and_overdue_render_by_district(client, city_user):
    LedgerItemFactory(deadline=datetime.date(2020, 1, 1))
    c = login(client, city_user)
    board = c.get(reverse("ledgers:home")).content.decode()
    assert "蓬江区" in board
    assert "region=440703" in c.get(reverse("ledgers:overdue")).content.decode()


def test_item_list_offers_sorts_by_label_never_by_raw_key(client, town_user):
    client.force_login(town_user)

    page = client.get(reverse("ledgers:item_list")).content.decode()

    assert "时限由远到近" in page and ">-deadline<" not in page


def test_item_list_redirects_the_former_format_parameter_to_export(client, town_user):
    client.force_login(town_user)

    response = client.get(reverse("ledgers:item_list"), {"status": "open", "format": "csv"})

    assert response.status_code == 302
    assert response["Location"] == reverse("ledgers:item_list") + "?status=open&export=csv"
