"""The Content-Security-Policy allows no inline script: the main pages of a demo database load in a real
browser without one CSP violation, and their charts (ECharts) and period picker still work."""

import pytest

from e2e.conftest import login

PAGES = [
    ("/", None),
    ("/reports/", "#chart-trend canvas"),
    ("/households/", None),
    ("/ledgers/", None),
    ("/funds/", "#chart-funds canvas"),
    ("/employment/", None),
    ("/api/docs/", "#swagger-ui .info"),
]


@pytest.mark.django_db(transaction=True)
def test_main_pages_load_without_a_content_security_policy_violation(page, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    from fupin.registry.demo import build_demo_dataset
    from fupin.registry.demo.users import DEMO_PASSWORD

    build_demo_dataset(households=120, seed=7, log=lambda *_: None)
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{page.url}: {msg.text}") if "Content Security Policy" in msg.text else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))  # e.g. a chart script that broke

    login(page, "demo_city", DEMO_PASSWORD)
    for path, rendered in PAGES:
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "no-store" in response.headers["cache-control"]
        if rendered:
            page.wait_for_selector(rendered, timeout=15000)
        page.wait_for_load_state("networkidle")

    assert not problems, "\n".join(problems)
