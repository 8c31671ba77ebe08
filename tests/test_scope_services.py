"""The one scope rule over EVERY service function that acts on a record or a region (fupin/core/scope.py).

The test finds the services (the modules named `services`, or inside a `services` package, and the other
modules that change records: SERVICE_MODULE_NAMES), takes each public function with an actor (`by`) and a
record or region argument, fills the record arguments with records of the sibling village 440703101202 and
the region arguments with that village, and calls it twice:

- as the cadre of village 440703101201 (every right of a village, none of them over the sibling): the call
  must raise OutOfScope, the error pages and the API show as 404, and nothing else;
- as an auditor of the city (the sibling village is among the auditor's regions, but the role holds none of
  the rights the services need): the call must raise NotAllowed (403).

A bare DomainError, a TypeError from an argument the service read before checking scope, or no error at all
fails the test with the function's name: the scope check comes first. Generic write helpers that take the
`model` their caller names are not services and are left out. Arguments that are not records take
values by name (VALUES_BY_NAME) or None. A new service function is covered without touching this file;
one that cannot be covered is listed in EXEMPT with its reason.
"""

import importlib
import inspect
import pkgutil

import pytest
from django.db import transaction

import fupin
from fupin.accounts.models import ApiToken, RoleAssignment, User
from fupin.core.errors import NotAllowed, OutOfScope
from fupin.regions.models import Region
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from tests.test_scope_routes import SIBLING_VILLAGE, Siblings, _models_named, guess_model

# Modules that change records besides the `services` modules and packages.
SERVICE_MODULE_NAMES = {"services", "supervision", "screening", "proposals", "jobs", "submission"}
# Arguments naming a region rather than a record.
REGION_ARGS = {"region_code", "region", "scope_region", "region_prefix"}
# Arguments holding the values of a new record (its region among them).
VALUES_ARGS = {"values", "fields"}
# Record arguments whose name is not their model's.
MODEL_ALIASES = {
    "item": "ledgers.LedgerItem",
    "report": "reports.VillageReport",
    "task": "plan.PlanTask",
    "app": "employment.SubsidyApplication",
    "change": "accounts.AccountChangeRequest",
    "user": "accounts.User",
    "assignment": "accounts.RoleAssignment",
    "token": "accounts.ApiToken",
    "training_class": "training.TrainingClass",
    "proposal": "employment.MatchProposal",
    "case": "monitoring.MonitoringCase",
    "exit_case": "monitoring.ExitCase",
    "household": "registry.Household",  # not the app's own ProjectHousehold or LoanHousehold
}
# Plain arguments that a scope check must not need: values that would pass if it were reached.
VALUES_BY_NAME = {
    "version": 1,
    "changes": {},
    "answers": {},
    "rows": [],
    "results": {},
    "members": [],
    "action": "submit",
    "status": "done",
    "reason": "因故",
    "note": "",
    "text": "进展",
    "amount": "1.00",
    "kind": "",
}

# Functions with an actor and a record that the walk does not call, each with its reason.
EXEMPT = {
    "fupin.jobs.services.create_job": (
        "called by a service after that service checked its scope (employment.jobs.start_matching)"
    ),
    "fupin.plan.services.load_plan": "loads a file for the city (check_anywhere); no record or region yet",
    "fupin.accounts.services.create_api_token": "a user's own token: no record or region of anyone else",
    "fupin.accounts.services.change_own_password": "the user's own password: no record or region",
    "fupin.reports.services.import_assessments": (
        "an import names each row outside the user's regions as that row's error and writes nothing (all or"
        " nothing, reports/tests/test_services.py), never a 404 for the whole file"
    ),
}
# Functions whose refusal for the auditor is not NotAllowed, each with its reason.
AUDITOR_EXPECTS = {
    "fupin.accounts.services.revoke_api_token": (
        OutOfScope,
        "a token is its owner's alone: anybody else's, a manager's too, is not found",
    ),
    "fupin.jobs.services.cancel_job": (OutOfScope, "a job is its starter's: anybody else's is not found"),
}


def service_modules():
    for info in pkgutil.walk_packages(fupin.__path__, "fupin."):
        parts = info.name.split(".")
        if {"tests", "migrations", "management"} & set(parts):
            continue
        if SERVICE_MODULE_NAMES & set(parts[2:]):
            yield importlib.import_module(info.name)


def service_functions():
    for module in service_modules():
        for name, func in sorted(vars(module).items()):
            if name.startswith("_") or not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            params = inspect.signature(func).parameters
            # A generic write helper takes the model its caller names (after the caller's own scope check).
            if "by" in params and "model" not in params:
                yield f"{module.__name__}.{name}", func


def record_model(func, arg):
    from django.apps import apps

    app_label = func.__module__.split(".")[1]
    if arg in MODEL_ALIASES:
        model = apps.get_model(MODEL_ALIASES[arg])
        # an app with a model of that very name (consumption's Proposal) means its own
        own = _models_named(arg, app_label) if model._meta.app_label != app_label else None
        return own if own is not None and own._meta.model_name == arg else model
    return guess_model(arg, app_label)


def acts_on_a_record(func):
    params = inspect.signature(func).parameters
    return any(
        p in REGION_ARGS or p in VALUES_ARGS or (p != "by" and record_model(func, p) is not None)
        for p in params
    )


def kwargs_with_records(func):
    return [
        p
        for p, param in inspect.signature(func).parameters.items()
        if p != "by" and param.kind != param.VAR_KEYWORD and (p in REGION_ARGS or record_model(func, p))
    ]


def call_args(func, siblings):
    """Keyword arguments: sibling records and region, plain values by name, None for the rest."""
    kwargs = {}
    for name, param in inspect.signature(func).parameters.items():
        if name == "by" or param.kind == param.VAR_POSITIONAL:
            continue
        if param.kind == param.VAR_KEYWORD:  # **values: a new record's region, when no other argument has one
            if name in VALUES_ARGS and not kwargs_with_records(func):
                kwargs["region_code"] = SIBLING_VILLAGE
            continue
        if name in REGION_ARGS:
            kwargs[name] = siblings.get(Region) if name == "region" else SIBLING_VILLAGE
        elif name in VALUES_ARGS:
            kwargs[name] = {"region_code": SIBLING_VILLAGE, "region": siblings.get(Region)}
        elif name.endswith("_ids") and (model := record_model(func, name[: -len("_ids")])) is not None:
            kwargs[name] = [siblings.get(model).pk]
        elif name in VALUES_BY_NAME:
            kwargs[name] = VALUES_BY_NAME[name]
        elif (model := record_model(func, name)) is not None:
            record = siblings.get(model)
            assert record is not None, f"no sibling {model._meta.label} for {name}: {siblings.failures}"
            kwargs[name] = record
        elif param.default is param.empty:
            kwargs[name] = None
    return kwargs


def refusal(func, by, siblings):
    """The exception class the call raised (inside a rolled-back savepoint), or a description of the fault."""
    kwargs = call_args(func, siblings)
    try:
        with transaction.atomic():
            func(by=by, **kwargs)
    except (OutOfScope, NotAllowed) as exc:
        return type(exc)
    except Exception as exc:  # reported with the function's name: the scope check did not come first
        return f"{type(exc).__name__}: {exc}"
    return "no refusal at all"


@pytest.fixture
def siblings(villages, other_village_user):
    sibling = HouseholdFactory(region_id=SIBLING_VILLAGE, number="SIB-SVC-0001")
    member = MemberFactory(household=sibling, name="邻村户主")
    token = ApiToken.objects.create(user=other_village_user, name="邻村", key_hash="x" * 64)
    return Siblings(
        {
            Region: villages[SIBLING_VILLAGE],
            Household: sibling,
            Member: member,
            User: other_village_user,
            RoleAssignment: RoleAssignment.objects.get(user=other_village_user),
            ApiToken: token,
        }
    )


def covered():
    return [
        (name, func) for name, func in service_functions() if name not in EXEMPT and acts_on_a_record(func)
    ]


def test_the_walk_finds_the_services_of_every_app():
    apps_found = {name.split(".")[1] for name, _func in covered()}
    assert {
        "registry",
        "reports",
        "ledgers",
        "employment",
        "training",
        "funds",
        "plan",
        "accounts",
    } <= apps_found
    assert len(covered()) > 60
    assert set(EXEMPT) <= {name for name, _func in service_functions()}, "an exemption names no service"


@pytest.mark.django_db
def test_every_service_refuses_a_sibling_village_with_out_of_scope(village_user, siblings):
    faults = {}
    for name, func in covered():
        result = refusal(func, village_user, siblings)
        if result is not OutOfScope:
            faults[name] = result
    assert not faults, "\n".join(f"{name}: {result}" for name, result in sorted(faults.items()))


@pytest.mark.django_db
def test_every_service_refuses_a_user_of_the_region_without_the_right_with_not_allowed(
    auditor_user, siblings
):
    faults = {}
    for name, func in covered():
        expected = AUDITOR_EXPECTS.get(name, (NotAllowed, ""))[0]
        result = refusal(func, auditor_user, siblings)
        if result is not expected:
            faults[name] = result
    assert not faults, "\n".join(f"{name}: {result}" for name, result in sorted(faults.items()))
