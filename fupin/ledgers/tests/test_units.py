"""A department acts only on the items its unit leads or is co-responsible for; it reads every item of its
regions. Offices are not bound to units."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed
from fupin.ledgers import services
from fupin.ledgers.choices import ItemStatus
from fupin.ledgers.models import ProgressEntry
from fupin.ledgers.tests.factories import LedgerItemFactory

pytestmark = pytest.mark.django_db

HRSS = "市人力资源社会保障局"  # the unit of the `department_user` persona
MEDICAL = "市医疗保障局"  # the unit of the `other_department_user` persona


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_department_cannot_change_or_report_on_an_item_led_by_another_unit(department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL)
    with pytest.raises(NotAllowed):
        services.update_item(item, by=department_user, version=item.version, measures="改为人社措施")
    with pytest.raises(NotAllowed):
        services.add_progress(item, by=department_user, text="已对接")
    with pytest.raises(NotAllowed):
        services.add_evidence(item, by=department_user, text="照片")
    with pytest.raises(NotAllowed):
        services.start_item(item, by=department_user, version=item.version)
    item.refresh_from_db()
    assert (item.measures, item.status) == ("", ItemStatus.OPEN)
    assert not AuditEntry.objects.filter(target_id=str(item.pk)).exists()


def test_department_changes_and_reports_on_an_item_its_unit_leads(department_user):
    item = LedgerItemFactory(lead_unit=HRSS)
    services.update_item(item, by=department_user, version=item.version, measures="开发公益岗位")
    services.add_progress(item, by=department_user, text="已安排上岗")
    item.refresh_from_db()
    assert (item.measures, item.status) == ("开发公益岗位", ItemStatus.IN_PROGRESS)


def test_department_acts_on_an_item_where_its_unit_is_co_responsible(department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL, responsible_units=f"市民政局、{HRSS}")
    services.add_progress(item, by=department_user, text="已协助办理")
    assert ProgressEntry.objects.filter(item=item).count() == 1


def test_a_unit_named_inside_another_units_name_is_not_co_responsible(department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL, responsible_units=f"{HRSS}驻村工作队")
    with pytest.raises(NotAllowed):
        services.add_progress(item, by=department_user, text="已协助办理")


def test_department_cannot_hand_its_item_to_another_unit(department_user):
    item = LedgerItemFactory(lead_unit=HRSS)
    with pytest.raises(DomainError) as refused:
        services.update_item(item, by=department_user, version=item.version, lead_unit=MEDICAL)
    assert refused.value.field == "lead_unit"
    item.refresh_from_db()
    assert item.lead_unit == HRSS


def test_offices_are_not_bound_to_units(town_user):
    item = LedgerItemFactory(lead_unit=MEDICAL)
    services.add_progress(item, by=town_user, text="镇里跟进")
    assert ProgressEntry.objects.filter(item=item).count() == 1


def test_api_refuses_patch_and_progress_on_another_units_item_with_403(department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL)
    client = api(department_user)
    assert client.get(f"/api/v1/ledgers/items/{item.pk}/").status_code == 200  # reading stays as it was
    patch = client.patch(
        f"/api/v1/ledgers/items/{item.pk}/", {"version": item.version, "measures": "改"}, format="json"
    )
    progress = client.post(f"/api/v1/ledgers/items/{item.pk}/progress/", {"text": "已对接"})
    start = client.post(f"/api/v1/ledgers/items/{item.pk}/start/", {"version": item.version})
    assert (patch.status_code, progress.status_code, start.status_code) == (403, 403, 403)
    assert patch.json()["error"] == "permission_denied"
    item.refresh_from_db()
    assert (item.measures, item.status, item.progress.count()) == ("", ItemStatus.OPEN, 0)


def test_api_accepts_patch_and_progress_on_the_units_own_item(other_department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL)
    client = api(other_department_user)
    patch = client.patch(
        f"/api/v1/ledgers/items/{item.pk}/", {"version": item.version, "measures": "医保兜底"}, format="json"
    )
    progress = client.post(f"/api/v1/ledgers/items/{item.pk}/progress/", {"text": "已报销"})
    assert (patch.status_code, progress.status_code) == (200, 200)


def test_pages_refuse_edit_and_progress_on_another_units_item_with_403(client, department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL)
    client.force_login(department_user)
    detail = client.get(reverse("ledgers:item_detail", args=[item.pk]))
    assert detail.status_code == 200
    assert reverse("ledgers:item_edit", args=[item.pk]) not in detail.content.decode()
    assert client.get(reverse("ledgers:item_edit", args=[item.pk])).status_code == 403
    edit = client.post(reverse("ledgers:item_edit", args=[item.pk]), {"version": item.version})
    progress = client.post(reverse("ledgers:progress_add", args=[item.pk]), {"text": "已对接"})
    assert (edit.status_code, progress.status_code) == (403, 403)
    assert item.progress.count() == 0


def test_pages_let_a_co_responsible_department_report_progress(client, department_user):
    item = LedgerItemFactory(lead_unit=MEDICAL, responsible_units=HRSS)
    client.force_login(department_user)
    assert client.get(reverse("ledgers:item_edit", args=[item.pk])).status_code == 200
    response = client.post(reverse("ledgers:progress_add", args=[item.pk]), {"text": "已对接"})
    assert response.status_code == 302 and item.progress.count() == 1
