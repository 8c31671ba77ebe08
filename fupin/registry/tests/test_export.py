"""Export of the household list: the current filter, the user's scope, masked IDs, audited."""

import io

import openpyxl
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.registry.choices import Relation
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

VILLAGE = "440703101201"


def _sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[c for c in row] for row in workbook.active.iter_rows(values_only=True)]


def test_export_holds_the_filtered_households_of_my_scope_with_masked_ids(client, town_user, villages):
    wanted = HouseholdFactory(region_id=VILLAGE, number="H-WANTED", housing_grade="D", income_per_capita=3100)
    head = MemberFactory(household=wanted, name="周建国", relation=Relation.HEAD)
    MemberFactory(household=wanted, relation=Relation.SON)
    HouseholdFactory(region_id=VILLAGE, number="H-SAFE", housing_grade="A")
    HouseholdFactory(region_id="440703102201", number="H-OTHER-TOWN", housing_grade="D")
    client.force_login(town_user)

    response = client.get(reverse("registry:household_list"), {"housing_grade": "D", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert rows[0][0] == "建档立卡贫困户花名册"
    header, data = rows[2], rows[3:]
    assert header[:7] == ["户编号", "县(市、区)", "镇(街)", "村(居)", "户主姓名", "户主身份证号", "家庭人口"]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["户编号"] == "H-WANTED"
    assert (row["镇(街)"], row["村(居)"]) == ("棠下镇", "测试一村")
    assert row["户主姓名"] == "周建国"
    assert row["户主身份证号"] == head.id_number[:6] + "*" * 10 + head.id_number[-2:]
    assert row["家庭人口"] == 2
    assert row["住房安全等级"] == "D级(整栋危房)"
    assert row["年人均纯收入(元)"] == 3100
    entry = AuditEntry.objects.get(action="registry.household.exported")
    assert entry.actor == town_user
    assert entry.changes["rows"] == [None, 1]
    assert entry.changes["filters"][1] == {"housing_grade": "D"}


def test_export_without_permission_is_forbidden(client, auditor_user):
    client.force_login(auditor_user)
    assert client.get(reverse("registry:household_list"), {"export": "xlsx"}).status_code == 403
    assert not AuditEntry.objects.filter(action="registry.household.exported").exists()


def test_the_former_export_url_redirects_to_the_list_with_export_and_the_filters_kept(client, town_user):
    client.force_login(town_user)

    xlsx = client.get(reverse("registry:household_export"), {"housing_grade": "D"})
    csv = client.get(reverse("registry:household_export"), {"status": "1", "format": "csv"})

    assert xlsx.status_code == 302
    assert xlsx["Location"] == reverse("registry:household_list") + "?housing_grade=D&export=xlsx"
    assert csv["Location"] == reverse("registry:household_list") + "?status=1&export=csv"
    assert not AuditEntry.objects.filter(action="registry.household.exported").exists()
