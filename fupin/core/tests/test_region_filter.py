"""The one region filter of every list: a region typed by name, code or code prefix keeps its subtree."""

import pytest
from django.urls import reverse

from fupin.core.filtering import region_prefixes
from fupin.funds.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def test_region_text_resolves_a_name_a_code_and_a_prefix(villages):
    assert region_prefixes("棠下镇") == ["440703101"]
    assert region_prefixes("棠下镇 · 江门市 · 蓬江区") == ["440703101"]
    assert region_prefixes("440703101000") == ["440703101"]
    assert region_prefixes("4407") == ["4407"]
    assert region_prefixes("没有这个地方") == []
    assert region_prefixes("4" * 13) == [] and region_prefixes("棠\x00下镇") == []


def test_list_filters_by_a_region_typed_by_name(client, city_user):
    AllocationFactory(region_id="440703101000", document_number="棠下文号")
    AllocationFactory(region_id="440703102000", document_number="荷塘文号")
    client.force_login(city_user)
    url = reverse("funds:allocation_list")

    by_name = client.get(url, {"region__name": "棠下镇"}).content.decode()
    by_prefix = client.get(url, {"region": "440703102"}).content.decode()
    unknown = client.get(url, {"region__name": "没有这个地方"}).content.decode()

    assert "棠下文号" in by_name and "荷塘文号" not in by_name
    assert "荷塘文号" in by_prefix and "棠下文号" not in by_prefix
    assert "棠下文号" not in unknown and "荷塘文号" not in unknown


def test_list_region_filter_is_the_region_picker(client, city_user):
    client.force_login(city_user)
    html = client.get(reverse("funds:allocation_list"), {"region": "440703101000"}).content.decode()

    assert "data-region-picker=" in html and 'value="棠下镇"' in html


def test_api_region_filter_takes_a_name_and_answers_no_500_on_odd_text(client, city_user):
    AllocationFactory(region_id="440703101000", document_number="棠下文号")
    client.force_login(city_user)
    url = "/api/v1/funds/allocations/"

    named = client.get(url, {"region": "棠下镇"})
    odd = client.get(url, {"region": "棠\x00" + "x" * 100})

    assert named.status_code == 200 and "棠下文号" in named.content.decode()
    assert odd.status_code in (200, 400)


def test_ledger_and_audit_lists_filter_by_a_region_typed_by_name(client, city_user, auditor_user):
    from fupin.ledgers.tests.factories import LedgerItemFactory

    LedgerItemFactory(region_code="440703101201", description="棠下的问题")
    LedgerItemFactory(region_code="440703102201", description="荷塘的问题")
    client.force_login(city_user)

    html = client.get(reverse("ledgers:item_list"), {"region__name": "棠下镇"}).content.decode()

    assert "data-region-picker=" in html
    assert "棠下的问题" in html and "荷塘的问题" not in html
    client.force_login(auditor_user)
    audit = client.get(reverse("audit:entry_list"), {"region__name": "棠下镇"})
    assert audit.status_code == 200 and "data-region-picker=" in audit.content.decode()
