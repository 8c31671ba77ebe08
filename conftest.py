"""Shared fixtures: a small region tree with villages, and one persona per role."""

import pytest

from fupin.accounts.roles import Role

# Under 蓬江区 (440703): 棠下镇 (101) with two villages, 荷塘镇 (102) with one; a sibling district
# 江海区 (440704) with one community; Chongzuo's 天等县 (451425) with one village.
TEST_VILLAGES = [
    ("440703101201", "测试一村", "440703101000"),
    ("440703101202", "测试二村", "440703101000"),
    ("440703102201", "测试三村", "440703102000"),
    ("440704001001", "测试社区", "440704001000"),
    ("451425100201", "测试屯", "451425100000"),
]


@pytest.fixture
def villages(db):
    from fupin.regions.models import Region, RegionLevel

    return {
        code: Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": RegionLevel.VILLAGE, "parent_id": parent}
        )[0]
        for code, name, parent in TEST_VILLAGES
    }


def _persona(role, region_code, username, unit=""):
    from fupin.accounts.tests.factories import make_user

    return make_user(role, region_code, username=username, unit=unit)


@pytest.fixture
def city_user(villages):
    return _persona(Role.CITY_OFFICE, "440700000000", "city")


@pytest.fixture
def district_user(villages):
    return _persona(Role.DISTRICT_OFFICE, "440703000000", "district")


@pytest.fixture
def other_district_user(villages):
    return _persona(Role.DISTRICT_OFFICE, "440704000000", "district2")


@pytest.fixture
def town_user(villages):
    return _persona(Role.TOWN_GROUP, "440703101000", "town")


@pytest.fixture
def other_town_user(villages):
    return _persona(Role.TOWN_GROUP, "440703102000", "town2")


@pytest.fixture
def village_user(villages):
    return _persona(Role.VILLAGE_CADRE, "440703101201", "village")


@pytest.fixture
def other_village_user(villages):
    return _persona(Role.VILLAGE_CADRE, "440703101202", "village2")


@pytest.fixture
def first_secretary_user(villages):
    """驻村第一书记 of the first village: a role of its own beside the village cadre (U2)."""
    return _persona(Role.FIRST_SECRETARY, "440703101201", "secretary")


@pytest.fixture
def department_user(villages):
    return _persona(Role.DEPARTMENT, "440700000000", "dept", unit="市人力资源社会保障局")


@pytest.fixture
def other_department_user(villages):
    """A department of another unit: reads the same items, changes only those of 市医疗保障局."""
    return _persona(Role.DEPARTMENT, "440700000000", "dept2", unit="市医疗保障局")


@pytest.fixture
def counterpart_user(villages):
    return _persona(Role.PAIRED_COUNTERPART, "451425000000", "paired")


@pytest.fixture
def buyer_user(villages):
    """A canteen buying poverty products (fupin.consumption): the `buyer` role over its district, which grants
    the market and nothing of the registry."""
    from fupin.consumption.tests.factories import BuyerFactory

    user = _persona(Role.BUYER, "440703000000", "buyer")
    BuyerFactory(user=user, name="测试食堂", kind="canteen", region_code="440703000000")
    return user


@pytest.fixture
def auditor_user(villages):
    return _persona(Role.AUDITOR, "440700000000", "auditor")


@pytest.fixture
def sysadmin_user(villages):
    return _persona(Role.SYSADMIN, "440700000000", "sysadmin")


@pytest.fixture
def security_admin_user(villages):
    return _persona(Role.SECURITY_ADMIN, "440700000000", "security")


@pytest.fixture
def second_security_admin_user(villages):
    return _persona(Role.SECURITY_ADMIN, "440700000000", "security2")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With FUPIN_PARTITIONED=1 on PostgreSQL, the suite runs on the partitioned layout (docs/deploy.md):
    `partition_tables` is applied once the test database is migrated."""
    import os

    from django.core.management import call_command
    from django.db import connection

    if os.environ.get("FUPIN_PARTITIONED") == "1" and connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            call_command("partition_tables", verbosity=0)


@pytest.fixture(autouse=True)
def _files_of_its_own(settings, tmp_path_factory):
    """Each test writes its files (kept uploads, error files, job progress, evidence, audit anchors, backups)
    under a folder of its own: the suite's workers run side by side, and a test that counts the files of a
    folder must not see another worker's."""
    root = tmp_path_factory.mktemp("var")
    settings.VAR_DIR = root
    settings.MEDIA_ROOT = root / "media"
    settings.BACKUP_DIR = root / "backups"
    settings.AUDIT_ANCHOR_DIR = root / "audit-anchors"
    settings.AUDIT_ARCHIVE_DIR = root / "audit-archive"


@pytest.fixture(autouse=True)
def _no_api_requests_counted_yet():
    """Each test starts with no API requests counted against its users (fupin.core.api_throttles): user
    ids are reused from test to test, the counts in the cache would not be."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """Page tests sign in with client.force_login, which stands for the whole sign-in: password and
    second factor. fupin/accounts/tests/test_second_factor.py shows that a real session without the
    second factor is refused (it signs in through the login form, or uses `force_login_password_only`)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = "force_login"
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", password_only, raising=False)


def _rerun_data_migrations():
    """Run again, in migration order, the RunPython steps that seed reference data (regions, subsidy
    rules, training programmes)."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    seen = set()
    for leaf in loader.graph.leaf_nodes():
        for node in loader.graph.forwards_plan(leaf):
            if node in seen or not loader.graph.nodes[node].__module__.startswith("fupin."):
                continue
            seen.add(node)
            for operation in loader.graph.nodes[node].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, None)


@pytest.fixture(autouse=True)
def _seed_data_survives_transactional_tests(request, django_db_blocker):
    """A transactional test (browser tests, the live server) ends by flushing every table, the data the
    migrations seeded included; put it back before the next test in the same process that uses the database
    (a test without the database gets none: it must not create or read one)."""
    if not (
        {"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("django_db_setup")
    from fupin.regions.models import Region

    with django_db_blocker.unblock():
        if not Region.objects.filter(code="440703101000").exists():
            _rerun_data_migrations()
