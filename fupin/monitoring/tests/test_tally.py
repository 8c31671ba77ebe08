"""The monitoring tally kept by the services equals a recount of the signals, cases and exits after any
sequence of writes, and the early-warning board reads its counts from it."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from fupin.core.errors import DomainError
from fupin.monitoring import queries, tally
from fupin.monitoring.choices import Department, RiskType
from fupin.monitoring.models import ExitCase, MonitoringCase, MonitoringTally, Signal
from fupin.monitoring.services import cases, exits, signals
from fupin.monitoring.tests.factories import CaseFactory, SignalFactory, exited_household
from fupin.registry.choices import PovertyStatus
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db


def _step(rng, case, users):
    village_user, town_user, district_user = users
    by = {"village": village_user, "town": town_user, "county": district_user}[case.step]
    if rng.random() < 0.8:
        cases.approve_step(case, by=by, version=case.version, appraisal="民主评议通过")
    else:
        cases.reject_step(case, by=by, version=case.version, note="收入核实后不符合")


def _random_writes(rng, users, steps=80):
    village_user, _town_user, district_user = users
    households = [exited_household(income_per_capita=rng.choice([5200, 9000])) for _ in range(6)]
    poor = [
        household_with_members(2, status=PovertyStatus.NOT_EXITED, income_per_capita=9000) for _ in range(2)
    ]
    for _ in range(steps):
        household = rng.choice(households)
        action = rng.choice(
            ["apply", "apply", "department", "dismiss", "open", "step", "step", "clear", "exit"]
        )
        try:
            if action == "apply":
                signals.record_application(
                    household, by=village_user, reason="因病", risk_type=RiskType.ILLNESS
                )
            elif action == "department":
                signals.record_department_signal(
                    household, by=district_user, department=Department.MEDICAL_SECURITY, reason="医保比对"
                )
            elif action == "dismiss":
                signal = Signal.objects.filter(household=household, status="open").first()
                if signal is not None:
                    signals.dismiss_signal(signal, by=village_user, note="核实无风险")
            elif action == "open":
                cases.open_case(household, by=village_user)
            elif action == "step":
                pending = list(MonitoringCase.objects.filter(outcome="pending").order_by("pk"))
                if pending:
                    _step(rng, rng.choice(pending), users)
            elif action == "clear":
                household.refresh_from_db()
                cases.open_clearing(household, by=village_user)
            elif action == "exit":
                exit_case = ExitCase.objects.filter(household=rng.choice(poor)).first()
                if exit_case is None:
                    exits.propose_exit(rng.choice(poor), by=village_user, agreed=True)
                else:
                    exits.appraise_exit(
                        exit_case, by=village_user, version=exit_case.version, appraisal="通过"
                    )
        except DomainError:
            pass  # a step the record's state does not allow: nothing changes


def _through_the_chain(case, users):
    village_user, town_user, district_user = users
    for by in (village_user, town_user, district_user):
        case = cases.approve_step(case, by=by, version=case.version, appraisal="民主评议通过")
    return case


def _confirmed_then_cleared(users):
    household = exited_household(income_per_capita=9000)
    signals.record_application(household, by=users[0], reason="因病", risk_type=RiskType.ILLNESS)
    _through_the_chain(cases.open_case(household, by=users[0]), users)
    household.refresh_from_db()
    _through_the_chain(cases.open_clearing(household, by=users[0]), users)


@freeze_time("2020-04-01")
def test_random_procedure_keeps_the_tally_equal_to_a_recount(
    village_user, town_user, district_user, city_user
):
    users = (village_user, town_user, district_user)
    _confirmed_then_cleared(users)
    _random_writes(random.Random(16), users)
    exited_household(income_per_capita=3000)  # trips the low-income rule
    signals.run_rules(by=city_user, prefix="")

    outcomes = set(MonitoringCase.objects.values_list("outcome", flat=True))
    assert {"confirmed", "cleared"} <= outcomes and ExitCase.objects.exists()
    maintained = tally.current()
    sources = {key[1] for key in maintained}
    assert sources == {"signal", "case", "exit"}
    assert sum(n for key, n in maintained.items() if key[1] == "signal") == Signal.objects.count()
    assert maintained == tally.recount()
    tally.rebuild()
    assert tally.current() == maintained


def test_rebuild_command_recomputes_the_tally_from_bulk_rows(villages):
    SignalFactory()
    CaseFactory()
    MonitoringTally.objects.all().delete()  # as after a bulk write that bypassed the services

    call_command("rebuild_monitoring_tally", verbosity=0)

    assert tally.current() == tally.recount() and sum(tally.current().values()) == 2


def test_the_board_reads_its_counts_from_the_tally(town_user):
    SignalFactory()
    CaseFactory(monitored=True, outcome="confirmed", step="done", step_deadline=None)

    counted = queries.board(town_user, datetime.date(2020, 4, 1))
    MonitoringTally.objects.update(count=0)  # the rows are still there, the tally says none
    emptied = queries.board(town_user, datetime.date(2020, 4, 1))

    assert (counted["open_signals"], counted["monitored"]) == (1, 1)
    assert (emptied["open_signals"], emptied["monitored"]) == (0, 0)


def test_the_board_takes_a_fixed_number_of_queries_however_many_rows(town_user):
    def queries_for_board():
        queries.board(town_user, datetime.date(2020, 4, 1))  # loads the role assignments once
        with CaptureQueriesContext(connection) as captured:
            board = queries.board(town_user, datetime.date(2020, 4, 1))
        return len(captured), board

    SignalFactory()
    CaseFactory(step_deadline=datetime.date(2020, 1, 1))
    few, _board = queries_for_board()
    for _ in range(5):
        SignalFactory()
        CaseFactory(step_deadline=datetime.date(2020, 1, 1))
    many, board = queries_for_board()

    assert few == many and board["open_signals"] == 6 and board["overdue"] == 6
    assert board["regions"] == [
        {"code": "440703101201", "name": board["regions"][0]["name"], "open_signals": 6, "pending": 6}
        | {"overdue": 6, "monitored": 0}
    ]
