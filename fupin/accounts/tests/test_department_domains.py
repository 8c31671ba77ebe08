"""U2: a city department reads the households and the work of its own domain, through the one scope
mechanism (roles grant, `visible_to` reads); the village cadre and the first secretary are two roles."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.accounts.roles import Domain, Role, domain_of, permissions_of
from fupin.accounts.tests.factories import make_user
from fupin.core.errors import NotAllowed
from fupin.registry import services as registry_services
from fupin.registry.choices import HousingGrade, LaborAbility, PovertyCause
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CITY = "440700000000"
VILLAGE = "440703101201"


def department(unit, username):
    return make_user(Role.DEPARTMENT, CITY, unit=unit, username=username)


@pytest.fixture
def households(villages):
    """An unsafe house, a household without safe water, one with a laborer, one of none of these."""
    cause = PovertyCause.LACK_FUNDS
    unsafe = HouseholdFactory(region_id=VILLAGE, housing_grade=HousingGrade.D, main_cause=cause)
    dry = HouseholdFactory(region_id=VILLAGE, water_safe=False, main_cause=cause)
    working = HouseholdFactory(region_id=VILLAGE, main_cause=cause)
    MemberFactory(household=working, labor_ability=LaborAbility.ORDINARY)
    other = HouseholdFactory(region_id=VILLAGE, main_cause=cause)
    MemberFactory(household=other, labor_ability=LaborAbility.LOST)
    return {"unsafe": unsafe, "dry": dry, "working": working, "other": other}


def test_a_units_name_says_its_domain():
    assert domain_of("市住房城乡建设局") == Domain.HOUSING
    assert domain_of("市水利局") == Domain.WATER
    assert domain_of("市人力资源社会保障局") == Domain.LABOR
    assert domain_of("市医疗保障局") == Domain.MEDICAL
    assert domain_of("市委网信办") == ""


def test_the_housing_bureau_sees_only_households_with_an_unsafe_house(households):
    housing = department("市住房城乡建设局", "housing")
    assert list(Household.objects.visible_to(housing)) == [households["unsafe"]]


def test_the_water_bureau_sees_only_households_without_safe_water(households):
    water = department("市水利局", "water")
    assert list(Household.objects.visible_to(water)) == [households["dry"]]


def test_the_labour_bureau_sees_households_and_members_who_can_work(households):
    labour = department("市人力资源社会保障局", "labour")
    assert list(Household.objects.visible_to(labour)) == [households["working"]]
    assert {m.household_id for m in Member.objects.visible_to(labour)} == {households["working"].pk}


def test_the_city_office_still_sees_every_household(households, city_user):
    assert Household.objects.visible_to(city_user).count() == 4


def test_a_department_gets_404_for_a_household_outside_its_domain_on_the_page_and_the_api(client, households):
    water = department("市水利局", "water")
    client.force_login(water)
    assert client.get(reverse("registry:household_detail", args=[households["unsafe"].pk])).status_code == 404
    assert client.get(reverse("registry:household_detail", args=[households["dry"].pk])).status_code == 200
    api = APIClient()
    api.force_authenticate(water)
    listed = api.get("/api/v1/households/").json()["results"]
    assert [row["id"] for row in listed] == [households["dry"].pk]
    assert api.get(f"/api/v1/households/{households['unsafe'].pk}/").status_code == 404


def test_a_department_reads_the_work_of_its_domain_only():
    labour = permissions_of(Role.DEPARTMENT, "市人力资源社会保障局")
    housing = permissions_of(Role.DEPARTMENT, "市住房城乡建设局")
    finance = permissions_of(Role.DEPARTMENT, "市财政局")
    assert {"employment.view_laborer", "training.view_class"} <= labour
    assert "employment.view_laborer" not in housing and "funds.view_fund" not in labour
    assert "funds.view_fund" in finance and "training.view_class" not in finance
    # every department reads the plan and the ledger of the problems it leads
    assert {"plan.view_plan", "ledgers.view_item"} <= labour & housing & finance


def test_a_housing_bureau_account_is_refused_the_employment_api(villages):
    housing = department("市住房城乡建设局", "housing")
    api = APIClient()
    api.force_authenticate(housing)
    assert api.get("/api/v1/households/").status_code == 200
    assert not housing.has_scoped_perm("employment.view_laborer")


def test_the_village_cadre_and_the_first_secretary_are_two_roles(village_user, first_secretary_user):
    assert Role.VILLAGE_CADRE != Role.FIRST_SECRETARY
    assert village_user.roles == {Role.VILLAGE_CADRE}
    assert first_secretary_user.roles == {Role.FIRST_SECRETARY}
    # both work the village's reports and ledger
    for user in (village_user, first_secretary_user):
        assert user.has_scoped_perm("reports.submit_report", VILLAGE)
        assert user.has_scoped_perm("ledgers.change_item", VILLAGE)
    # the registry is the village committee's to write
    assert village_user.has_scoped_perm("registry.change_household", VILLAGE)
    assert not first_secretary_user.has_scoped_perm("registry.change_household", VILLAGE)


def test_a_first_secretary_sees_the_villages_households_but_does_not_register_one(first_secretary_user):
    household = HouseholdFactory(region_id=VILLAGE)
    assert list(Household.objects.visible_to(first_secretary_user)) == [household]
    with pytest.raises(NotAllowed):
        registry_services.register_household(
            by=first_secretary_user,
            region=VILLAGE,
            number="X1",
            main_cause=PovertyCause.ILLNESS,
            year_identified=2016,
        )


def test_a_department_picks_among_the_regions_of_the_households_it_reads(villages):
    from fupin.regions.models import Region

    housing = department("市住房城乡建设局", "housing")
    regions = Region.objects.within_scope_of(housing, "registry.view_household")
    assert regions.filter(code="440703101000").exists()  # a town of the city, for the household list's filter
    assert not Region.objects.within_scope_of(
        make_user(Role.BUYER, "440703000000"), "registry.view_household"
    )
