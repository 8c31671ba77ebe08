"""Nothing is offered that the user cannot open, and no page shows a developer's string.

For every persona of conftest.py the test starts at the home page and follows every same-site link (GET only,
breadth first, a bounded number of pages, a few query variants per path) over a small data set made by the
factories. It fails on any link that answers 403, 404 or 500, naming the page that offered it, and on any
page whose text shows a raw event key (`reports.villagereport.approved`), a transition written as
`submitted → town_approved` or an empty value written as `∅`.
"""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

PERSONAS = [
    "city_user",
    "district_user",
    "town_user",
    "village_user",
    "first_secretary_user",
    "department_user",
    "counterpart_user",
    "auditor_user",
    "sysadmin_user",
    "security_admin_user",
]
MAX_PAGES = 120  # per persona
MAX_VARIANTS = 2  # query strings followed per path (sorts, filters, pages look alike)
DEAD = {403, 404, 500}
# Links that are not pages: files, the schema, the language switch, health and metrics for machines.
SKIP = re.compile(
    r"export=|/download|/file|/evidence/|/api/schema|/api/v1/|/static/|/media/|/i18n/|^/healthz|^/metrics"
)
EVENT_KEY = re.compile(r"\b[a-z]+\.[a-z_]+\.[a-z_]+\b")
DEVELOPER_STRINGS = [re.compile(r"\b[a-z_]+ → [a-z_]+\b"), re.compile("∅")]


class _Page(HTMLParser):
    """The links and the visible text of a page (scripts, styles and attributes left out)."""

    def __init__(self):
        super().__init__()
        self.links, self.text, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _parse(html):
    page = _Page()
    page.feed(html)
    return page.links, " ".join(page.text)


def _same_site(base, href):
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.search(path) else path


@pytest.fixture
def small_data_set(villages, city_user, village_user):
    """A household with members, a ledger item, a funds allocation, a week with a submitted report,
    a laborer and an enterprise with a vacancy: enough for every list and detail page to have a row."""
    from fupin.employment.tests.factories import EnterpriseFactory, LaborerFactory, VacancyFactory
    from fupin.funds.tests.factories import AllocationFactory
    from fupin.ledgers.tests.factories import LedgerItemFactory
    from fupin.plan.tests.factories import plan_2020
    from fupin.registry.tests.factories import household_with_members
    from fupin.reports.tests.factories import make_period, submitted

    plan_2020()
    household = household_with_members(3, region_id="440703101201")
    household_with_members(2, region_id="451425100201")
    LedgerItemFactory(household=household)
    LedgerItemFactory(region_code="440703102201", deadline=datetime.date(2020, 3, 1))
    AllocationFactory()
    period = make_period()
    submitted(period, village_user)
    laborer = LaborerFactory(member=household.members.first())
    VacancyFactory(enterprise=EnterpriseFactory())
    return {"household": household, "laborer": laborer}


def crawl(client, start="/"):
    """{path: status} of the pages reached, [(referrer, path, status)] of the dead links, and the
    developer strings found as [(path, string)]."""
    client.raise_request_exception = False  # a 500 is a dead link like the others, and the walk goes on
    seen, variants, dead, strings = {}, {}, [], []
    queue = deque([(start, "")])
    while queue and len(seen) < MAX_PAGES:
        path, referrer = queue.popleft()
        if path in seen:
            continue
        bare = path.split("?")[0]
        if "?" in path and variants.get(bare, 0) >= MAX_VARIANTS:
            continue
        variants[bare] = variants.get(bare, 0) + ("?" in path)
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code in DEAD:
            dead.append((referrer, path, response.status_code))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        links, text = _parse(response.content.decode())
        strings += [(path, m) for m in EVENT_KEY.findall(text)]
        strings += [(path, m.group(0)) for rx in DEVELOPER_STRINGS for m in rx.finditer(text)]
        for href in links:
            target = _same_site(path, href)
            if target and target not in seen:
                queue.append((target, path))
    return seen, dead, strings


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_a_persona_is_offered_opens(client, request, small_data_set, persona):
    client.force_login(request.getfixturevalue(persona))

    seen, dead, _strings = crawl(client)

    assert len(seen) > 3
    assert dead == [], "\n".join(f"{status} {path} (linked from {ref})" for ref, path, status in dead)


@pytest.mark.parametrize("persona", ["city_user", "auditor_user", "town_user"])
def test_no_page_shows_a_raw_event_key_or_a_developer_string(client, request, small_data_set, persona):
    client.force_login(request.getfixturevalue(persona))

    _seen, _dead, strings = crawl(client)

    assert strings == [], "\n".join(f"{path}: {found}" for path, found in strings)
