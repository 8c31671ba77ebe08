"""Files of evidence on the monthly entries: checked by the one attachment check (size, type, content), kept
under MEDIA_ROOT, listed and downloaded only by those who may read the entry, each upload audited; the page and
the API alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.cooperation import services
from fupin.cooperation.choices import EntryStatus
from fupin.cooperation.models import EntryFile
from fupin.cooperation.tests.factories import IndicatorEntryFactory
from fupin.core.errors import DomainError

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%evidence\n"
LONGZHOU = "451423000000"


def pdf(name="挂职文件.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def entry(villages):
    return IndicatorEntryFactory()


def test_a_file_of_evidence_is_kept_under_media_root_and_audited(entry, counterpart_user, settings):
    attached = services.add_entry_file(entry, by=counterpart_user, upload=pdf())

    assert attached.original_name == "挂职文件.pdf" and attached.size == len(PDF)
    assert attached.file.name.startswith(f"cooperation/evidence/{entry.region_code}/{entry.pk}/")
    assert attached.file.name.endswith(".pdf") and "挂职" not in attached.file.name
    assert (settings.MEDIA_ROOT / attached.file.name).read_bytes() == PDF
    audit = AuditEntry.objects.get(action="cooperation.indicatorentry.file_added")
    assert audit.note == "挂职文件.pdf" and audit.region_code == entry.region_code


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("a.exe", b"MZ", "只允许上传"),
        ("a.pdf", b"<html>", "文件内容与类型不符"),
    ],
)
def test_a_file_of_a_wrong_type_is_refused_with_a_message(entry, counterpart_user, name, content, message):
    with pytest.raises(DomainError, match=message):
        services.add_entry_file(entry, by=counterpart_user, upload=pdf(name, content))
    assert not EntryFile.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(entry, counterpart_user, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(DomainError, match="上限 1 MB"):
        services.add_entry_file(entry, by=counterpart_user, upload=pdf(content=PDF + b"0" * 1024 * 1024))
    assert not EntryFile.objects.exists()


def test_a_submitted_entry_takes_no_more_files(villages, counterpart_user):
    entry = IndicatorEntryFactory(status=EntryStatus.SUBMITTED)
    with pytest.raises(DomainError):
        services.add_entry_file(entry, by=counterpart_user, upload=pdf())


def test_the_entry_page_uploads_lists_and_downloads_a_file(client, entry, counterpart_user):
    client.force_login(counterpart_user)
    page = reverse("cooperation:entry_detail", args=[entry.pk])
    assert 'id="entry-file-form"' in client.get(page).content.decode()

    response = client.post(
        reverse("cooperation:entry_file_add", args=[entry.pk]), {"file": pdf()}, follow=True
    )

    html = response.content.decode()
    attached = EntryFile.objects.get()
    assert "佐证文件已上传" in html and "挂职文件.pdf" in html
    assert reverse("cooperation:entry_file_download", args=[attached.pk]) in html
    download = client.get(reverse("cooperation:entry_file_download", args=[attached.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_the_entry_page_shows_why_a_file_was_refused(client, entry, counterpart_user):
    client.force_login(counterpart_user)

    response = client.post(
        reverse("cooperation:entry_file_add", args=[entry.pk]),
        {"file": pdf("a.html", b"<html>")},
        follow=True,
    )

    assert "只允许上传 pdf、jpg、png、docx、xlsx 文件。" in response.content.decode()
    assert not EntryFile.objects.exists()


def test_a_user_of_another_county_gets_404_on_the_file(client, entry, counterpart_user, city_user):
    attached = services.add_entry_file(entry, by=counterpart_user, upload=pdf())
    url = reverse("cooperation:entry_file_download", args=[attached.pk])
    client.force_login(make_user(Role.PAIRED_COUNTERPART, LONGZHOU, username="longzhou"))

    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("cooperation:entry_file_add", args=[entry.pk]), {"file": pdf()}).status_code
        == 404
    )
    assert EntryFile.objects.count() == 1
    client.force_login(city_user)  # the helping side reads it too
    assert client.get(url).status_code == 200


def test_the_api_uploads_and_lists_files_and_refuses_a_wrong_one(entry, counterpart_user):
    api = APIClient()
    api.force_authenticate(counterpart_user)
    url = f"/api/v1/cooperation/entries/{entry.pk}/files/"

    created = api.post(url, {"upload": pdf()}, format="multipart")
    refused = api.post(url, {"upload": pdf("a.exe", b"MZ")}, format="multipart")
    listed = api.get(url)

    assert created.status_code == 200 and created.json()[0]["original_name"] == "挂职文件.pdf"
    assert refused.status_code == 400 and "只允许上传" in refused.content.decode()
    assert [f["original_name"] for f in listed.json()] == ["挂职文件.pdf"]


def test_the_api_answers_404_for_an_entry_of_another_county(entry):
    api = APIClient()
    api.force_authenticate(make_user(Role.PAIRED_COUNTERPART, LONGZHOU, username="longzhou"))

    assert api.get(f"/api/v1/cooperation/entries/{entry.pk}/files/").status_code == 404


def test_a_300_mb_file_is_refused_before_its_body_is_read(client, entry, counterpart_user, settings):
    from fupin.core.tests.test_upload_routes import post_declared

    client.force_login(counterpart_user)
    page = reverse("cooperation:entry_file_add", args=[entry.pk])
    api = f"/api/v1/cooperation/entries/{entry.pk}/files/"

    status, body = post_declared(client, page, 300 * 1024 * 1024)
    api_status, api_body = post_declared(client, api, 300 * 1024 * 1024)

    assert status == 413 and f"最多 {settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB" in body
    assert api_status == 413 and '"error": "too_large"' in api_body
