"""PDFs of the target board and the ledger board, like a paper 台账: title, unit, date, page numbers."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.plan.services import load_plan

pytestmark = pytest.mark.django_db


def pdf_text(response, tmp_path):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "board.pdf"
    path.write_bytes(response.content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_target_board_pdf_has_its_title_and_the_targets(client, city_user, tmp_path):
    load_plan()
    client.force_login(city_user)
    text = pdf_text(client.get(reverse("dashboard:target_export"), {"export": "pdf"}), tmp_path)
    assert "目标与时限完成情况" in text and "第1页" in text.replace(" ", "")
    assert AuditEntry.objects.filter(
        action="dashboard.targets.exported", note__contains="format=pdf"
    ).exists()


def test_the_ledger_board_pdf_has_its_title_and_the_users_unit(client, district_user, tmp_path):
    client.force_login(district_user)
    text = pdf_text(client.get(reverse("ledgers:home"), {"export": "pdf"}), tmp_path)
    assert "台账看板" in text
    assert AuditEntry.objects.filter(
        action="ledgers.ledgeritem.exported", note__contains="format=pdf"
    ).exists()
