import shutil
import subprocess

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_weekly_report_pdf_opens_and_carries_its_title_and_page_numbers(
    client, city_user, villages, tmp_path
):
    HouseholdFactory(region_id="440703101201")
    period = make_period()
    client.force_login(city_user)
    response = client.get(
        reverse("reports:weekly_report"), {"region": "4407", "period": period.pk, "export": "pdf"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "weekly.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "贫困户疫情影响跟踪周报" in text and "2020-W10" in text
    assert "第1页/共1页" in text.replace(" ", "")
    assert AuditEntry.objects.filter(
        action="reports.weeklyreport.exported", note__contains="format=pdf"
    ).exists()


def test_the_weekly_report_pdf_of_another_district_is_not_found(client, district_user, villages):
    period = make_period()
    client.force_login(district_user)
    response = client.get(
        reverse("reports:weekly_report"), {"region": "440705", "period": period.pk, "export": "pdf"}
    )
    assert response.status_code == 404
