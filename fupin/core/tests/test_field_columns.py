"""List columns named by the model (`field_columns`), a page that `requires` a permission, and Chinese
model names without an English plural."""

from decimal import Decimal

import pytest
from django.apps import apps

from fupin.core.listing import Col, field_columns
from fupin.industry.models import HouseholdIndustry, Project
from fupin.industry.tests.factories import HouseholdIndustryFactory, ProjectFactory


def _by_header(columns, obj):
    return {str(c.header): c.value(obj) for c in columns}


@pytest.mark.django_db
def test_columns_are_headed_as_the_model_names_its_fields_and_show_labels_not_codes(villages):
    industry = HouseholdIndustryFactory(product="", income=Decimal("8000.00"))

    columns = field_columns(HouseholdIndustry, "household__number region_code kind product income year")
    shown = _by_header(columns, industry)

    assert list(shown) == ["户编号", "地区", "产业类别", "品种/项目", "年收入(元)", "年度"]
    assert shown["户编号"] == industry.household.number
    assert shown["产业类别"] == industry.get_kind_display() != industry.kind
    assert shown["年收入(元)"] == Decimal("8000.00")
    assert [c.num for c in columns] == [False, False, False, False, True, True]
    assert [c.sort for c in columns] == [
        "household__number",
        "region_code",
        "kind",
        "product",
        "income",
        "year",
    ]


@pytest.mark.django_db
def test_a_column_of_its_own_keeps_its_place_and_overrides_apply_to_their_path(villages):
    project = ProjectFactory(name="陈皮种植")
    own = Col("经营主体名称", lambda o: o.operator.name, 20, "operator__name")

    columns = field_columns(
        Project,
        "name",
        own,
        "budget",
        headers={"budget": "预算"},
        widths={"name": 30},
        links={"name": lambda o: f"/industry/projects/{o.pk}/"},
    )

    assert [str(c.header) for c in columns] == ["项目名称", "经营主体名称", "预算"]
    assert columns[1] is own
    assert columns[0].width == 30
    assert columns[0].link(project) == f"/industry/projects/{project.pk}/"


@pytest.mark.django_db
def test_the_project_list_sorts_by_a_column_named_by_the_model(client, city_user):
    ProjectFactory(name="小项目", budget=Decimal("1000.00"))
    ProjectFactory(name="大项目", budget=Decimal("900000.00"))
    client.force_login(city_user)

    page = client.get("/industry/projects/", {"sort": "-budget"}).content.decode()

    assert "项目预算(元)" in page
    assert page.index("大项目") < page.index("小项目")


@pytest.mark.django_db
def test_a_page_that_requires_a_permission_sends_a_visitor_to_sign_in_and_refuses_a_user_without_it(
    client, village_user, buyer_user
):
    visitor = client.get("/industry/projects/")
    assert visitor.status_code == 302
    assert "/accounts/login/" in visitor["Location"]

    client.force_login(buyer_user)
    assert client.get("/industry/projects/").status_code == 403

    client.force_login(village_user)
    assert client.get("/industry/projects/").status_code == 200


def test_every_model_of_the_project_is_listed_by_its_chinese_name_not_an_english_plural():
    named = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("fupin.") and m._meta.verbose_name != m.__name__.lower()
    ]

    plurals = {m.__name__: str(m._meta.verbose_name_plural) for m in named}

    assert named
    assert not [name for name, plural in plurals.items() if plural.endswith("s") and plural.isascii()]
    assert plurals["Project"] == "产业项目"
