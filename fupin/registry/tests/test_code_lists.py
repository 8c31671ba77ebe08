"""The national code lists: poverty status (aar010) apart from the monitoring mark; a missing column once."""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from fupin.audit.models import AuditEntry
from fupin.registry import services
from fupin.registry.choices import MonitoringMark, PovertyStatus
from fupin.registry.models import Household, HouseholdTally, StatusChange
from fupin.registry.tests.factories import household_with_members
from fupin.registry.tests.import_files import HEADER, household_rows, write_csv

MIGRATION = importlib.import_module("fupin.registry.migrations.0006_household_monitoring_mark")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def test_the_status_migration_maps_every_old_value_onto_the_national_codes_and_the_mark(villages, city_user):
    old = {}
    for value in ("0", "1", "3", "5"):
        household = household_with_members(2)
        Household.objects.filter(pk=household.pk).update(status=value)
        old[value] = household.pk
    HouseholdTally.objects.all().delete()
    HouseholdTally.objects.create(
        region_code="440703101201", status="1", category="01", households=1, members=2
    )
    HouseholdTally.objects.create(
        region_code="440703101201", status="5", category="01", households=1, members=2
    )
    StatusChange.objects.create(
        household_id=old["5"], region_code="440703101201", old_status="1", new_status="5", reason="监测"
    )

    MIGRATION.to_national_codes(apps, None)

    mapped = dict(Household.objects.values_list("pk", "status"))
    marks = dict(Household.objects.values_list("pk", "monitoring_mark"))
    assert [mapped[old[v]] for v in ("0", "1", "3", "5")] == ["0", "1", "3", "1"]
    assert [marks[old[v]] for v in ("0", "1", "3", "5")] == ["", "", "", MonitoringMark.UNSTABLE]
    assert set(Household.objects.values_list("status", flat=True)) <= set(PovertyStatus.values)
    assert list(HouseholdTally.objects.values_list("status", "households", "members")) == [("1", 2, 4)]
    assert StatusChange.objects.get().new_status == "1"


def test_the_mark_is_set_apart_from_the_status_and_audited(villages, town_user):
    household = household_with_members(2, status=PovertyStatus.EXITED)

    services.set_monitoring_mark(household, by=town_user, mark=MonitoringMark.UNSTABLE, note="收入骤减")

    household.refresh_from_db()
    assert (household.status, household.monitoring_mark) == ("1", "1")
    entry = AuditEntry.objects.get(action="registry.household.mark_changed")
    assert entry.changes == {"monitoring_mark": ["", "1"]} and entry.note == "收入骤减"


def test_exit_without_policies_is_an_exited_status_with_its_year(villages, town_user):
    household = household_with_members(1, status=PovertyStatus.NOT_EXITED)

    services.change_household_status(
        household, by=town_user, status=PovertyStatus.EXITED_NO_POLICY, reason="稳定脱贫", version=1
    )

    household.refresh_from_db()
    assert household.status == "4" and household.year_exited
    assert AuditEntry.objects.filter(action="registry.household.status_changed").count() == 1


def _without(column, rows):
    at = HEADER.index(column)
    return [h for h in HEADER if h != column], [[c for i, c in enumerate(r) if i != at] for r in rows]


def _run(*args):
    out = io.StringIO()
    code = 0
    try:
        call_command("import_households", *args, "--json", stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_a_file_without_the_identification_year_gives_exactly_one_error_at_the_header(villages, tmp_path):
    header, rows = _without("识别年度", household_rows(30, 2))
    path = write_csv(tmp_path / "a.csv", rows, header=header)

    code, data = _run(str(path))

    assert code == 1 and data["committed"] is False
    assert len(data["errors"]) == 1
    error = data["errors"][0]
    assert error["row"] == 1 and error["column"] == "识别年度" and "--fill" in error["message"]
    assert Household.objects.count() == 0


def test_with_fill_the_same_file_commits_and_the_import_entry_records_the_value(villages, tmp_path):
    header, rows = _without("识别年度", household_rows(3, 2))
    path = write_csv(tmp_path / "a.csv", rows, header=header)

    code, data = _run(str(path), "--fill", "识别年度=2016")

    assert code == 0 and data["committed"] is True
    assert set(Household.objects.values_list("year_identified", flat=True)) == {2016}
    entry = AuditEntry.objects.get(action="registry.import.created")
    assert "识别年度=2016" in entry.note


def test_a_fill_for_a_member_column_is_refused(villages, tmp_path):
    header, rows = _without("识别年度", household_rows(1, 1))
    path = write_csv(tmp_path / "a.csv", rows, header=header)

    code, data = _run(str(path), "--fill", "识别年度=2016", "--fill", "姓名=张三")

    assert code == 1 and [e["column"] for e in data["errors"]] == ["姓名"]
