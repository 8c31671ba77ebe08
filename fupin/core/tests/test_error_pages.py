"""Friendly 403 and 404 pages in the user's language, with a way back; the API docs linked from every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_a_friendly_404_in_chinese(client, town_user):
    client.force_login(town_user)

    response = client.get("/ledgers/items/999999/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "返回首页" in page


def test_a_missing_page_answers_in_english_for_an_english_user(client, town_user):
    client.force_login(town_user)
    client.cookies["django_language"] = "en"

    page = client.get("/ledgers/items/999999/").content.decode()

    assert "Page not found" in page and "页面不存在" not in page


def test_a_forbidden_page_says_so_and_leads_home(client, auditor_user):
    client.force_login(auditor_user)

    response = client.get(reverse("ledgers:item_create"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and 'href="/"' in page


def test_the_footer_links_the_api_docs(client, town_user):
    client.force_login(town_user)

    page = client.get("/").content.decode()

    assert f'href="{reverse("api_docs")}"' in page
