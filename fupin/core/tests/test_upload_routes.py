"""Hostile uploads through every import route, and bodies refused before they are read (issue 11, finding 1)."""

import io
import resource

import pytest
from django.test.client import ClientHandler
from django.urls import reverse

from fupin.core.tests.hostile_files import sparse_xlsx, zip_bomb_xlsx
from fupin.employment.models import SurveyRound
from fupin.funds.models import Disbursement
from fupin.jobs.models import Job
from fupin.ledgers.models import LedgerItem
from fupin.registry.models import Household
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports.models import Assessment
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db
GIB = 1024 * 1024  # ru_maxrss is in KiB on Linux
MB = 1024 * 1024


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "sparse": (sparse_xlsx(folder / "sparse.xlsx"), "A1:XFD1048576 超出上限"),
        "bomb": (zip_bomb_xlsx(folder / "bomb.xlsx", megabytes=150), "疑似压缩炸弹"),
    }


def _period(villages):
    HouseholdFactory(region_id="440703101201", number="H001")
    return make_period()


ROUTES = {
    "registry": ("village_user", lambda v: reverse("registry:import_start"), {}),
    "reports": (
        "village_user",
        lambda v: reverse("reports:assessment_import", args=[_period(v).pk]),
        {},
    ),
    "ledgers": ("town_user", lambda v: reverse("ledgers:item_import"), {}),
    "funds": ("town_user", lambda v: reverse("funds:disbursement_import"), {}),
    "employment": (
        "town_user",
        lambda v: reverse("employment:survey_import"),
        {"name": "第一轮", "surveyed_on": "2020-03-01"},
    ),
}


def written():
    return (
        Household.objects.count(),
        Assessment.objects.count(),
        LedgerItem.objects.count(),
        Disbursement.objects.count(),
        SurveyRound.objects.count(),
        Job.objects.count(),
    )


@pytest.mark.parametrize("kind", ["sparse", "bomb"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_a_hostile_spreadsheet_gets_a_page_with_the_refusal_and_writes_nothing(
    request, client, villages, hostile, route, kind
):
    persona, url_of, data = ROUTES[route]
    client.force_login(request.getfixturevalue(persona))
    url = url_of(villages)
    path, message = hostile[kind]
    before = written()

    with open(path, "rb") as handle:
        response = client.post(url, {**data, "file": handle})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < GIB


class ExplodingInput:
    """A request body that fails the test if anything reads from it."""

    def read(self, size=-1):
        raise AssertionError("the body was read")

    readline = read


def post_declared(client, path, length, **headers):
    """Send a POST through the whole middleware stack declaring `length` bytes it never provides (the
    test client's handler: a plain WSGIHandler would close the test's database connection)."""
    body = ExplodingInput()
    environ = client._base_environ(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        HTTP_COOKIE="; ".join(f"{k}={v.value}" for k, v in client.cookies.items()),
        **headers,
    )
    environ["wsgi.input"] = body
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    return response.status_code, response.content.decode()


def test_a_300_mb_evidence_upload_is_refused_before_its_body_is_read(client, town_user, settings):
    client.force_login(town_user)

    status, page = post_declared(client, reverse("ledgers:evidence_add", args=[1]), 300 * MB)

    assert status == 413
    assert f"最多 {settings.ATTACHMENT_MAX_BYTES // MB} MB" in page


def test_a_300_mb_import_is_refused_before_its_body_is_read(client, village_user, settings):
    settings.IMPORT_MAX_BYTES = 200 * MB
    client.force_login(village_user)

    status, page = post_declared(client, reverse("registry:import_start"), 300 * MB)

    assert status == 413 and "最多 200 MB" in page


def test_a_large_body_to_an_api_route_gets_the_api_error_format(client, town_user):
    client.force_login(town_user)

    status, body = post_declared(client, "/api/v1/ledgers/items/1/evidence/", 300 * MB)

    assert status == 413 and '"error": "too_large"' in body


def test_a_route_without_uploads_accepts_only_a_small_body(client, town_user, settings):
    client.force_login(town_user)
    too_much = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1

    status, _page = post_declared(client, reverse("ledgers:item_create"), too_much)

    assert status == 413


def test_an_upload_within_the_limit_passes_the_gate(client, town_user):
    client.force_login(town_user)

    upload = io.BytesIO(b"not a workbook")
    upload.name = "items.xlsx"

    response = client.post(reverse("ledgers:item_import"), {"file": upload})

    assert response.status_code == 200 and "无法读取该Excel文件" in response.content.decode()
