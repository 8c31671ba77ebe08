"""Audit entries are shown to people by one module: every action code has a label in both languages,
values by their names, and no page shows a dotted event key or an internal code."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from fupin.audit import display
from fupin.audit.models import AuditEntry
from fupin.audit.recorder import record

FUPIN = Path(__file__).resolve().parents[2]
APPS = {p.name for p in FUPIN.iterdir() if (p / "apps.py").exists()}
CODE_LITERAL = re.compile(r"""["']([a-z]+\.[a-z_0-9]+\.[a-z_0-9]+)["']""")
DOTTED_KEY = re.compile(r"\b[a-z]+\.[a-z_]+\.[a-z_]+\b")


def written_action_codes():
    """Every `<app>.<model>.<verb>` literal in the source (tests and migrations aside), and the codes
    services build from their event tables."""
    codes = set()
    for path in FUPIN.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        codes.update(c for c in CODE_LITERAL.findall(path.read_text()) if c.split(".")[0] in APPS)
    from fupin.employment.choices import REFERRAL_STEPS
    from fupin.employment.services.subsidies import SUBSIDY_EVENTS
    from fupin.ledgers.services import ACTION_EVENTS
    from fupin.reports.services import _PAST

    codes.update(f"ledgers.ledgeritem.{v}" for v in ACTION_EVENTS.values())
    codes.update(f"employment.subsidyapplication.{v}" for v in SUBSIDY_EVENTS.values())
    codes.update(f"reports.villagereport.{v}" for v in _PAST.values())
    codes.update(f"employment.referral.{stage}" for stage, _field in REFERRAL_STEPS[1:])
    # list reads of personal data through the API (fupin.core.api)
    codes.update(["registry.household.listed", "registry.member.listed", "employment.laborer.listed"])
    return codes


def test_every_action_code_written_in_fupin_has_a_label():
    codes = written_action_codes()

    assert len(codes) > 100
    assert sorted(codes - set(display.ACTIONS)) == []


def test_every_action_label_is_translated_to_english():
    with translation.override("en"):
        untranslated = [c for c in display.ACTIONS if re.search(r"[\u4e00-\u9fff]", display.action_label(c))]

    assert untranslated == []


def test_values_are_shown_by_their_names(villages):
    entry = AuditEntry(
        action="reports.villagereport.approved",
        target_type="reports.villagereport",
        changes={"status": ["submitted", "town_approved"]},
    )
    member = AuditEntry(
        action="registry.member.updated",
        target_type="registry.member",
        changes={
            "medical_insurance": [None, False],
            "health": ["1", "2,4"],
            "region_code": ["", "440703101201"],
        },
    )

    status_rows = display.change_rows(entry)["rows"]
    member_rows = {label: (old, new) for label, old, new in display.change_rows(member)["rows"]}

    assert status_rows == [("状态", "已上报", "镇已审核")]
    assert member_rows["参加基本医疗保险"] == ("—", "否")
    assert member_rows["健康状况"][1] == "长期慢性病、残疾"
    assert member_rows["区划代码"][1] == '<span class="region" title="440703101201">测试一村</span>'
    assert display.action_label("reports.villagereport.approved") == "审核通过村报告"


class _Text(HTMLParser):
    """The text of a page, attributes left out (a code on hover is allowed)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(response):
    assert response.status_code == 200
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


@pytest.fixture
def entries_of_several_apps(village_user, town_user):
    from fupin.registry import services as registry
    from fupin.registry.tests.factories import household_with_members
    from fupin.reports.tests.factories import make_period, report_of, submitted

    household = household_with_members(2, region_id="440703101201")
    member = household.members.order_by("pk").last()
    registry.update_member(member, by=village_user, version=member.version, medical_insurance=False)
    registry.remove_member(member, by=village_user, reason="外嫁")
    period = make_period()
    submitted(period, village_user)
    record(
        "ledgers.ledgeritem.close_requested",
        by=village_user,
        region_code="440703101201",
        changes={"status": ["in_progress", "close_requested"]},
    )
    record("funds.allocation.created", by=town_user, region_code="440703101000")
    return household, report_of(period)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_no_page_shows_a_dotted_event_key(client, auditor_user, village_user, entries_of_several_apps, lang):
    household, report = entries_of_several_apps
    client.cookies["django_language"] = lang
    pages = []
    client.force_login(auditor_user)
    pages.append(page_text(client.get(reverse("audit:entry_list"))))
    for entry in AuditEntry.objects.all():
        pages.append(page_text(client.get(reverse("audit:entry_detail", args=[entry.pk]))))
    client.force_login(village_user)
    pages.append(page_text(client.get(reverse("registry:household_history", args=[household.pk]))))
    pages.append(page_text(client.get(reverse("reports:report_detail", args=[report.pk]))))

    found = {key for text in pages for key in DOTTED_KEY.findall(text)}

    assert found == set()
    assert "draft → submitted" not in pages[-1] and "→" in pages[-1]


def test_the_audit_list_names_events_values_and_regions(client, auditor_user, entries_of_several_apps):
    client.force_login(auditor_user)

    response = client.get(reverse("audit:entry_list"))
    text = page_text(response)

    assert "提交村报告" in text and "申请销号" in text and "下达资金" in text
    assert "参加基本医疗保险：是 → 否" in text
    assert '<td><span class="region" title="440703101201">测试一村</span></td>' in response.content.decode()


def test_the_review_history_of_a_village_report_shows_status_names(
    client, village_user, entries_of_several_apps
):
    _household, report = entries_of_several_apps
    client.force_login(village_user)

    text = page_text(client.get(reverse("reports:report_detail", args=[report.pk])))

    assert "提交村报告" in text
    status = apps.get_model("reports.villagereport")._meta.get_field("status")
    labels = dict(status.flatchoices)
    assert f"{labels['draft']} → {labels['submitted']}" in text
