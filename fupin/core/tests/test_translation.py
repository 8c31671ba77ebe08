"""The interface is Chinese by default and completely English when the user switches language.

Chinese is the source language (msgids); fupin/locale/en/LC_MESSAGES/django.po holds the English.
"""

import re
import shutil
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from fupin.audit.recorder import record
from fupin.core.management.commands.check_translations import (
    catalogue_path,
    parse_po,
    problems,
    source_msgids,
)
from fupin.registry.tests.factories import household_with_members

# Chinese characters and the full-width punctuation that only Chinese text uses.
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\uff1b\u3001\u3002\u201c\u201d]")
SWITCHER = "中文"  # the language switcher names Chinese in Chinese, on purpose


# --- the catalogue -------------------------------------------------------------------------------


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    found = problems()

    assert found["untranslated"] == []
    assert found["fuzzy"] == []


def test_every_string_marked_for_translation_in_code_and_templates_is_in_the_catalogue():
    # a failure names the file:line of a string added after the last makemessages run
    assert problems()["not_extracted"] == []


def test_source_scan_reads_translate_tags_blocktranslate_blocks_and_gettext_calls(tmp_path):
    app = tmp_path / "fupin" / "demoapp"
    (app / "templates").mkdir(parents=True)
    (app / "tests").mkdir()
    (app / "templates" / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "标题" %}</h1><input placeholder="{% translate \'占位\' %}">\n'
        "{% blocktranslate count n=total %}共 {{ n }} 户{% plural %}共 {{ n }} 户{% endblocktranslate %}\n"
        '{{ value|default:_("无") }}',
        encoding="utf-8",
    )
    (app / "views.py").write_text(
        'from django.utils.translation import gettext as _\nMESSAGE = _("已保存。")\n', encoding="utf-8"
    )
    (app / "tests" / "test_x.py").write_text('_("测试里的字符串")\n', encoding="utf-8")

    found = source_msgids(tmp_path)

    assert set(found) == {"标题", "占位", "共 %(n)s 户", "无", "已保存。"}
    assert found["已保存。"] == "fupin/demoapp/views.py:2"
    assert found["共 %(n)s 户"] == "fupin/demoapp/templates/page.html:2"


def test_english_translations_keep_every_placeholder_of_the_chinese_text():
    assert problems()["placeholders"] == []


def test_compiled_english_catalogue_matches_the_po_file():
    assert problems()["stale_mo"] == []


def test_catalogue_covers_the_interface_of_every_app():
    entries = [e for e in parse_po(catalogue_path()) if not e.is_header and not e.obsolete]
    apps = {ref.split("/")[1] for e in entries for ref in e.references if ref.startswith("fupin/")}

    assert len(entries) > 1000
    assert {"accounts", "audit", "core", "dashboard", "registry", "regions", "templates"} <= apps


def test_check_finds_an_untranslated_entry_a_fuzzy_one_a_lost_placeholder_and_a_stale_mo(tmp_path):
    # given a copy of the catalogue whose .po was edited after compiling
    po = tmp_path / "django.po"
    shutil.copy(catalogue_path(), po)
    shutil.copy(catalogue_path().with_suffix(".mo"), tmp_path / "django.mo")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "退出"\nmsgstr "Sign out"', 'msgid "退出"\nmsgstr ""')
    text = text.replace(
        'msgid "用户 %(name)s 已创建。"\nmsgstr "User %(name)s created."',
        'msgid "用户 %(name)s 已创建。"\nmsgstr "User created."',
    )
    text = text.replace("#, fuzzy\n", "").replace(
        'msgid "首页"\nmsgstr "Home"', '#, fuzzy\nmsgid "首页"\nmsgstr "Home page"'
    )
    po.write_text(text, encoding="utf-8")

    # when it is checked
    found = problems(po)

    # then each problem is reported
    assert [line for line in found["untranslated"] if "'退出'" in line]
    assert [line for line in found["fuzzy"] if "'首页'" in line]
    assert [line for line in found["placeholders"] if "已创建" in line]
    assert [line for line in found["stale_mo"] if "'首页'" in line or "已创建" in line]


def test_check_translations_command_passes_on_the_committed_catalogue(capsys):
    call_command("check_translations")

    assert "All messages translated" in capsys.readouterr().out


# --- the pages -----------------------------------------------------------------------------------


class _Chrome(HTMLParser):
    """Visible text and text-bearing attributes, without table cells, <option>s, scripts and styles."""

    SKIP = {"td", "option", "script", "style", "textarea"}
    ATTRS = ("placeholder", "title", "aria-label", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            self.parts.extend(attrs[a] for a in self.ATTRS if attrs.get(a))
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.parts.append(data.strip())


def _data_values():
    """Every Chinese text stored in the database (names, addresses, units...): data, not chrome."""
    from fupin.accounts.models import RoleAssignment, User
    from fupin.audit.models import AuditEntry
    from fupin.regions.models import Region
    from fupin.registry.models import Household, Member

    values = set(Region.objects.values_list("name", flat=True))
    values |= set(Region.objects.exclude(full_name="").values_list("full_name", flat=True))
    for model in (User, RoleAssignment, Household, Member, AuditEntry):
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField")
        ]
        for row in model.objects.values_list(*text_fields):
            values.update(v for v in row if v and CJK.search(v))
    values |= {str(u) for u in User.objects.all()}
    return sorted(values, key=len, reverse=True)


def chinese_chrome(response):
    """The pieces of page chrome (not data) that still contain Chinese."""
    assert response.status_code == 200, response.status_code
    parser = _Chrome()
    parser.feed(response.content.decode())
    data = _data_values()
    leftovers = []
    for part in parser.parts:
        for value in data:
            part = part.replace(value, "")
        if part != SWITCHER and CJK.search(part):
            leftovers.append(part)
    return leftovers


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def household(villages, city_user):
    household = household_with_members(3, region_id="440703101201")
    record("registry.household.registered", by=city_user, target=household, region_code=household.region_id)
    return household


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["dashboard:home", "registry:household_list", "regions:region_tree", "accounts:profile"],
)
def test_page_chrome_is_all_english_for_a_city_user_who_chose_english(
    english, city_user, household, url_name
):
    english.force_login(city_user)

    response = english.get(reverse(url_name))

    assert response.headers["Content-Language"] == "en"
    assert chinese_chrome(response) == []


@pytest.mark.django_db
def test_household_detail_chrome_is_all_english(english, city_user, household):
    english.force_login(city_user)

    response = english.get(reverse("registry:household_detail", args=[household.pk]))

    assert chinese_chrome(response) == []
    assert "Head of household" in response.content.decode()


@pytest.mark.django_db
def test_region_detail_chrome_is_all_english(english, city_user, household):
    english.force_login(city_user)

    response = english.get(reverse("regions:region_detail", args=["440703101000"]))

    assert chinese_chrome(response) == []


@pytest.mark.django_db
def test_audit_list_chrome_is_all_english_for_an_auditor(english, auditor_user, household):
    english.force_login(auditor_user)

    response = english.get(reverse("audit:entry_list"))

    assert chinese_chrome(response) == []
    assert "registry.household.registered" in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_english_for_a_visitor_who_chose_english(english):
    response = english.get(reverse("accounts:login"))

    assert chinese_chrome(response) == []


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client, city_user):
    client.force_login(city_user)

    page = client.get(reverse("registry:household_list")).content.decode()

    assert "贫困户" in page and "退出" in page
    assert "Poor households" not in page
    assert ">English</button>" in page


@pytest.mark.django_db
def test_language_switch_in_the_top_bar_turns_the_pages_english_and_back(client, city_user):
    client.force_login(city_user)
    home = reverse("dashboard:home")

    switched = client.post(reverse("set_language"), {"language": "en", "next": home})
    page = client.get(home).content.decode()

    assert switched.status_code == 302 and switched.headers["Location"] == home
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Poor households" in page and "Sign out" in page
    assert ">中文</button>" in page

    client.post(reverse("set_language"), {"language": "zh-hans", "next": home})

    assert "退出" in client.get(home).content.decode()


@pytest.mark.django_db
def test_error_messages_from_services_are_english_too(english, city_user, household):
    english.force_login(city_user)

    response = english.get(reverse("registry:household_detail", args=[999999]))

    assert response.status_code == 404
    assert "does not exist" in response.content.decode()


@pytest.mark.django_db
def test_chrome_check_sees_chinese_chrome_but_not_chinese_data(client, city_user, household):
    # given the Chinese household list, which shows both chrome and data in Chinese
    client.force_login(city_user)

    leftovers = chinese_chrome(client.get(reverse("registry:household_list")))

    # then the chrome is reported and the data (village and member names) is not
    assert "贫困户" in leftovers and "退出" in leftovers
    assert not [part for part in leftovers if "测试一村" in part or "成员" in part]
