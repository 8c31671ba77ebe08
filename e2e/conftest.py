"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test itself
# (setting up data) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's chromium is required for browser tests: apt-get install chromium fonts-noto-cjk"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username, password):
    """Sign in through the login form, then give the second factor when the account needs one: the code is
    computed from the user's authenticator (one is installed for a user who has none yet)."""
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/otp/" in page.url:
        code = _second_factor_code(username)  # before the page: it may install the device
        page.goto(page.base_url + "/accounts/otp/verify/")
        page.fill("#id_code", code)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/otp/" not in url)


def _second_factor_code(username):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fupin.accounts.models import User
    from fupin.accounts.otp import current_code, install_demo_device

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or install_demo_device(user)
    # A code is accepted once per time step; signing in twice within 30 seconds must still work.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return current_code(device)
