"""Regions show by name on the ledger pages and in their export, and in the matching results: never a bare
12-digit code (the code is on hover)."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from fupin.ledgers.tests.factories import LedgerItemFactory

pytestmark = pytest.mark.django_db
BARE_CODE = re.compile(r">\s*\d{12}\s*<")


def test_the_ledger_list_and_detail_name_the_village(client, town_user):
    item = LedgerItemFactory(region_code="440703101201")
    client.force_login(town_user)

    for url in (reverse("ledgers:item_list"), reverse("ledgers:item_detail", args=[item.pk])):
        page = client.get(url).content.decode()
        assert '<span class="region" title="440703101201">测试一村</span>' in page
        assert not BARE_CODE.search(page), url


def test_the_ledger_export_names_the_village(client, town_user):
    LedgerItemFactory(region_code="440703101201")
    client.force_login(town_user)

    response = client.get(reverse("ledgers:item_list"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [str(c.value) for row in sheet.iter_rows(min_row=4) for c in row if c.value is not None]
    assert "测试一村" in values
    assert not any(re.fullmatch(r"\d{12}", v) for v in values)


def test_the_matching_results_name_the_region(client, town_user, settings, tmp_path):
    from fupin.employment.models import MatchBatch
    from fupin.employment.tests.factories import LaborerFactory, VacancyFactory
    from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

    settings.VAR_DIR = tmp_path
    LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id="440703101201")))
    VacancyFactory(seats=2)
    client.force_login(town_user)
    client.post(reverse("employment:match_run"), {"region": "440703101000"})

    batch = MatchBatch.objects.get()
    page = client.get(reverse("employment:batch_detail", args=[batch.pk])).content.decode()

    assert 'title="440703101000">棠下镇</span>' in page
    assert not BARE_CODE.search(page)
