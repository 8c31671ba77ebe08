"""Headers: a Content-Security-Policy without inline script on every page, `no-store` on whatever a signed-in
user receives, static files left cacheable; templates carry no inline script or event handler."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from fupin.accounts import services as account_services
from fupin.core.headers import NoStoreForSignedInMiddleware

FUPIN = Path(__file__).resolve().parents[2]


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_carries_a_policy_that_allows_scripts_only_from_this_server(client, db):
    directives = _directives(client.get("/accounts/login/"))

    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_signed_in_pages_are_not_stored(client, city_user):
    client.force_login(city_user)

    response = client.get("/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_api_answers_to_a_token_are_not_stored(client, village_user):
    _token, key = account_services.create_api_token(by=village_user, name="脚本")

    response = client.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable_for_a_signed_in_user(city_user):
    request = RequestFactory().get("/static/fupin/fupin.css")
    request.user = city_user
    cacheable = HttpResponse("body {}", headers={"Cache-Control": "max-age=3600"})

    response = NoStoreForSignedInMiddleware(lambda _request: cacheable)(request)

    assert response["Cache-Control"] == "max-age=3600"


def test_anonymous_answers_are_left_to_the_view():
    request = RequestFactory().get("/some/page/")
    request.user = AnonymousUser()

    response = NoStoreForSignedInMiddleware(lambda _request: HttpResponse("hello"))(request)

    assert not response.has_header("Cache-Control")


def _templates():
    return [p for p in FUPIN.rglob("templates/**/*.html")]


@pytest.mark.parametrize(
    "pattern", [r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", r"\son[a-z]+\s*="]
)
def test_no_template_holds_inline_script_or_event_handlers(pattern):
    """The policy would block them in the browser; json_script tags (type application/json) are data."""
    offenders = [
        f"{path.relative_to(FUPIN)}: {match.group(0)}"
        for path in _templates()
        for match in re.finditer(pattern, path.read_text(encoding="utf-8"))
    ]

    assert len(_templates()) > 50
    assert not offenders, offenders
