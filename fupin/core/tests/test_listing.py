"""The one list path: old spellings of sort and export redirect, one pagination include, custom counts."""

from pathlib import Path

from django.test import RequestFactory

from fupin.core.listing import old_spelling_redirect, paginate

TEMPLATES = Path(__file__).resolve().parents[2]
INCLUDE = TEMPLATES / "templates" / "includes" / "_pagination.html"
# What a hand-written pager leaves in a template: the CSS class, and links to the neighbouring pages.
MARKERS = ('class="pagination"', "previous_page_number", "next_page_number")


def test_no_template_holds_its_own_pagination_markup():
    copies = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path != INCLUDE and any(marker in path.read_text(encoding="utf-8") for marker in MARKERS)
    ]

    assert copies == []


def test_old_sort_and_export_spellings_redirect_with_the_other_parameters_kept():
    request = RequestFactory().get(
        "/ledgers/items/", {"status": "open", "ordering": "-deadline", "format": "csv"}
    )

    response = old_spelling_redirect(request)

    assert response.status_code == 302
    assert response["Location"] == "/ledgers/items/?status=open&sort=-deadline&export=csv"


def test_the_one_spelling_is_not_redirected():
    request = RequestFactory().get("/ledgers/items/", {"sort": "-deadline", "export": "xlsx"})

    assert old_spelling_redirect(request) is None


def test_an_export_url_of_its_own_redirects_to_its_list_with_xlsx():
    request = RequestFactory().get("/registry/export/", {"status": "1"})

    response = old_spelling_redirect(request, path="/registry/")

    assert response["Location"] == "/registry/?status=1&export=xlsx"


def test_a_page_of_a_huge_table_takes_its_total_from_the_count_given_without_counting_rows():
    rows = list(range(120))
    request = RequestFactory().get("/", {"page": "3"})

    page = paginate(request, rows, 50, count=lambda: 200_000)

    assert page.paginator.count == 200_000
    assert page.paginator.num_pages == 4000
    assert list(page.object_list) == list(range(100, 120))
