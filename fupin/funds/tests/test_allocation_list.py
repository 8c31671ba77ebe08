"""The allocation list shows regions by name (the code on hover); its export keeps the code in a column."""

import re

import pytest
from django.urls import reverse

from fupin.funds.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def test_allocation_list_shows_the_region_name_with_its_code_on_hover_and_no_code_column(client, town_user):
    AllocationFactory(region_id="440703101000")
    client.force_login(town_user)
    html = client.get(reverse("funds:allocation_list")).content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    assert not any("区划代码" in h for h in headers)
    assert '<span class="region" title="440703101000">棠下镇</span>' in html
    assert ">440703101000<" not in html


def test_allocation_export_has_the_region_name_and_its_code(client, town_user):
    AllocationFactory(region_id="440703101000")
    client.force_login(town_user)
    response = client.get(reverse("funds:allocation_list") + "?export=csv")
    header, row = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[:2]
    columns = header.split(",")
    cells = row.split(",")
    assert cells[columns.index("下达地区")] == "棠下镇"
    assert cells[columns.index("区划代码")] == "440703101000"
