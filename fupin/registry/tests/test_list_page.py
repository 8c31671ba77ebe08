"""The household list on the one list page: `?sort=` both ways, pages keep it, the export follows it."""

import io

import openpyxl
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.registry.tests.factories import HouseholdFactory

VILLAGE = "440703101201"


def test_list_sorts_by_number_both_ways_and_page_2_keeps_the_sort(client, village_user, villages):
    numbers = [f"{VILLAGE}{i:04d}" for i in range(30)]
    for number in numbers:
        HouseholdFactory(region_id=VILLAGE, number=number)
    client.force_login(village_user)
    url = reverse("registry:household_list")

    down = client.get(url, {"sort": "-number"})
    second = client.get(url, {"sort": "-number", "page": 2}).context["page"]

    assert [h.number for h in down.context["page"].object_list][:2] == [numbers[29], numbers[28]]
    assert [h.number for h in second.object_list] == list(reversed(numbers[:5]))
    assert "sort=number" in down.content.decode()  # the header link turns the order back


def test_export_follows_the_lists_filter_and_sort(client, town_user, villages):
    for number, income in (("H-1", 3000), ("H-2", 9000), ("H-3", 6000)):
        HouseholdFactory(region_id=VILLAGE, number=number, income_per_capita=income, housing_grade="D")
    HouseholdFactory(region_id=VILLAGE, number="H-SAFE", housing_grade="A")
    client.force_login(town_user)

    response = client.get(
        reverse("registry:household_list"), {"housing_grade": "D", "sort": "-income", "export": "xlsx"}
    )

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [row[0] for row in list(book.active.iter_rows(values_only=True))[3:]] == ["H-2", "H-3", "H-1"]
    entry = AuditEntry.objects.get(action="registry.household.exported")
    assert entry.changes["filters"][1] == {"housing_grade": "D", "sort": "-income"}


def test_csv_export_has_the_filtered_households(client, town_user, villages):
    HouseholdFactory(region_id=VILLAGE, number="H-D", housing_grade="D")
    HouseholdFactory(region_id=VILLAGE, number="H-A", housing_grade="A")
    client.force_login(town_user)

    response = client.get(reverse("registry:household_list"), {"housing_grade": "D", "export": "csv"})

    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("H-D,")
