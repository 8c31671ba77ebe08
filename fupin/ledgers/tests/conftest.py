import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.plan.services import load_plan

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def plan(db):
    return load_plan()


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("整改照片.pdf", PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
