"""The scope guarantee over EVERY route: a user never reaches a record of a sibling region.

The test walks config.urls recursively (pages and the DRF routers under /api/v1/), fills every URL argument
with a record that belongs to the sibling village 440703101202, and requests it as the cadre of village
440703101201 (by session, and for API routes by personal token). A route holding a sibling-region record must
answer 403, 404 or 405 (GET and POST; PATCH and DELETE too for the API), or exactly what it answers for a
record that does not exist (a view that validates the body first answers 400 for both). List routes (and
routes whose records belong to no region) may answer anything, plain and filtered to the sibling village and
exported, but must never contain the sibling household's number, its members' names or their ID numbers.

How arguments are filled, so that a new route is covered without touching this file:
- `format`, `action`, `decision` (NON_OBJECT_VALUES) are not records: each listed value is tried;
- region codes (REGION_KWARGS) get the sibling village code;
- `<model>_pk` / `<model>_id` name their model (read from the view's `get_object_for_user(Model, ...,
  x=<arg>)`, else guessed by name within the route's app, then everywhere);
- `pk` / `id`: the DRF view's model (`queryset_model`, `queryset`, serializer), else the model the view
  function (or a helper it calls) loads with that argument, else the path segment before it
  (`households/<pk>/`), else the URL name (`<app>:<model>_<page>`), else any model the view loads.
A sibling record of a model comes from the `scenario` fixture (household, member, audit entry, region, user,
role assignment, token), else the app's factory class (fupin/<app>/tests/factories.py) called with the sibling
region and household, else a generic builder that fills the required fields.
A route whose arguments cannot be filled fails the test with its name, unless listed in ALLOW_UNFILLED.
"""

import datetime
import io
import itertools
import re
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models, transaction
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve
from django.utils import timezone

from fupin.accounts import services as account_services
from fupin.accounts.models import ApiToken, RoleAssignment, User
from fupin.audit.models import AuditEntry
from fupin.audit.recorder import record
from fupin.regions.models import Region
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

OWN_VILLAGE = "440703101201"
SIBLING_VILLAGE = "440703101202"

# Route arguments that are not records, with the values to try (each one is requested).
NON_OBJECT_VALUES = {
    "format": ["json"],  # DRF format suffixes (.json)
    # Workflow transitions named in the URL (reports, ledgers, employment); the record is in `pk`.
    "action": ["approve", "submit", "return", "unlock", "start", "close", "request-close", "cancel"],
    "decision": ["confirm", "reject", "accept", "return"],  # monitoring; the town's review of supervision
}
REGION_KWARGS = {"code", "region", "region_code", "village", "village_code", "town_code"}
MISSING_CODE = "440703101299"

# Routes whose arguments are deliberately not filled, each with the reason it holds no region-scoped record.
# Keyed by URL name, or by the pattern for unnamed routes.
ALLOW_UNFILLED = {
    "static/(?P<path>.*)$": "staticfiles' DEBUG view serves files from disk; no records",
}

OK_FOR_OBJECT_ROUTES = {403, 404, 405}
OK_FOR_LIST_ROUTES = {200, 204, 301, 302, 400, 403, 404, 405}


# --------------------------------------------------------------------------------------------- routes


class Route:
    def __init__(self, regex, name, callback, pattern):
        self.regex = regex
        self.name = name or ""
        self.callback = callback
        self.pattern = pattern
        self.kwargs = sorted(re.findall(r"\(\?P<(\w+)>", regex))

    @property
    def is_api(self):
        return self.regex.startswith("api/")

    @property
    def app_label(self):
        module = getattr(self.view_class or self.callback, "__module__", "")
        parts = module.split(".")
        return parts[1] if len(parts) > 1 and parts[0] == "fupin" else ""

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    def __str__(self):
        return f"{self.name or '<unnamed>'} [{self.regex}]"


def _regex_of(pattern):
    """The regex source of a pattern, whether path() (RoutePattern) or re_path() (RegexPattern)."""
    source = pattern.regex.pattern
    return source[1:] if source.startswith("^") else source


def all_routes(patterns=None, prefix="", namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from all_routes(entry.url_patterns, prefix + _regex_of(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(prefix + _regex_of(entry.pattern), name, entry.callback, entry.pattern)


def _group_end(regex, start):
    depth, i, in_class = 0, start, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(regex)


def build_path(route, values):
    """The URL of a route with its named groups replaced by values."""
    regex = route.regex
    while (match := re.search(r"\(\?P<(\w+)>", regex)) is not None:
        end = _group_end(regex, match.start())
        value = str(values[match.group(1)])
        if regex[match.end() :].startswith("\\.") and not value.startswith("."):
            value = "." + value  # a converter whose value includes the dot (DRF's drf_format_suffix)
        regex = regex[: match.start()] + value + regex[end + 1 :]
    regex = regex.replace("\\Z", "").replace("$", "").replace("^", "").replace("/?", "/")
    regex = regex.replace("\\.", ".").replace("\\-", "-")
    return "/" + regex.replace("//", "/")


# ---------------------------------------------------------------------------------- sibling records


_counter = itertools.count(1)


class Siblings:
    """Records of the sibling village, by model; built on demand."""

    def __init__(self, explicit):
        self.objects = dict(explicit)
        self.scoped = set(explicit)
        self.failures = {}

    def get(self, model):
        if model in self.objects:
            return self.objects[model]
        if model in self.failures:
            return None
        errors = []
        for build in (self._from_factory, self._generic, self._generic_with_optional_relations):
            cached = dict(self.objects)
            try:
                with transaction.atomic():
                    obj = build(model)
            except Exception as exc:  # reported as a clear failure if every way fails
                errors.append(f"{build.__name__}: {type(exc).__name__}: {exc}")
                # related records built in the rolled-back attempt are gone from the database too
                self.objects = cached
                continue
            if obj is not None:
                self.objects[model] = obj
                return obj
        self.failures[model] = "; ".join(errors)
        return None

    def is_scoped(self, model):
        return model in self.scoped

    def _overrides(self, model):
        values, scoped = {}, False
        for field in model._meta.concrete_fields:
            if field.name == "region_code":
                values["region_code"], scoped = SIBLING_VILLAGE, True
            elif field.is_relation and field.related_model is Region:
                values[field.name], scoped = self.objects[Region], True
            elif field.is_relation and field.related_model in (Household, Member):
                values[field.name], scoped = self.objects[field.related_model], True
        if scoped:
            self.scoped.add(model)
        return values

    def _from_factory(self, model):
        import importlib

        try:
            module = importlib.import_module(f"{model._meta.app_config.name}.tests.factories")
        except ImportError:
            return None
        for item in vars(module).values():
            meta = getattr(item, "_meta", None)
            if isinstance(item, type) and getattr(meta, "model", None) is model and hasattr(item, "create"):
                return item.create(**self._overrides(model))
        return None

    def _generic_with_optional_relations(self, model):
        """Some rows need one of several nullable links (a check constraint): fill them all."""
        return self._generic(model, optional_relations=True)

    def _generic(self, model, optional_relations=False):
        values = self._overrides(model)
        for field in model._meta.concrete_fields:
            if field.name in values or (field.primary_key and field.auto_created):
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            if field.is_relation:
                if field.null and not optional_relations:
                    continue
                related = self.get(field.related_model)
                if related is None:
                    raise LookupError(f"no record for {field.related_model._meta.label}")
                values[field.name] = related
                if self.is_scoped(field.related_model):
                    self.scoped.add(model)
                continue
            if field.has_default() or field.null or (field.blank and field.empty_strings_allowed):
                continue
            values[field.name] = _value_for(field)
        obj = model(**values)
        obj.save()
        return obj


def _value_for(field):
    n = next(_counter)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2020, 6, 1)
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, models.IntegerField | models.FloatField):
        return n
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.EmailField):
        return f"scope{n}@example.cn"
    return f"scope-{n}"[: field.max_length or 40]


# ----------------------------------------------------------------------------------- model guessing


def _models_named(stem, app_label=""):
    stem = stem.replace("_", "").replace("-", "").lower()
    pool = [m for m in apps.get_models() if not app_label or m._meta.app_label == app_label]
    for test in (
        lambda n: n == stem,
        lambda n: n.endswith(stem),
        lambda n: n.startswith(stem),
        lambda n: stem in n,
    ):
        found = [m for m in pool if test(m._meta.model_name)]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def guess_model(stem, app_label):
    return _models_named(stem, app_label) or _models_named(stem)


def view_model(route):
    cls = route.view_class
    if cls is None:
        return None
    for attr in ("queryset_model", "model"):
        model = getattr(cls, attr, None)
        if isinstance(model, type) and issubclass(model, models.Model):
            return model
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def name_model(route):
    """The model named by the URL name: `registry:household_detail`, DRF `household-detail`."""
    name = route.name.split(":")[-1]
    stem = re.split(r"[-_]", name)[0] if name else ""
    if route.is_api and "-" in name:
        stem = name.rsplit("-", 1)[0].split("-")[-1]
    return guess_model(stem, route.app_label) if stem else None


def _singular(word):
    word = word.replace("-", "").lower()
    for plural, single in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    return word


def segment_model(route, kwarg):
    """The model named by the path segment before the argument: `households/<pk>/` -> Household."""
    match = re.search(r"([\w-]+)/\(\?P<" + kwarg + ">", route.regex)
    return guess_model(_singular(match.group(1)), route.app_label) if match else None


def _source_functions(func, depth=2):
    """The view function and the fupin helpers it calls (two levels), for reading their source."""
    import inspect

    seen, queue = [], [(inspect.unwrap(func), 0)]
    while queue:
        current, level = queue.pop(0)
        if current in seen or not getattr(current, "__module__", "").startswith("fupin."):
            continue
        seen.append(current)
        if level < depth:
            try:
                source = inspect.getsource(current)
            except (OSError, TypeError):
                continue
            for name in re.findall(r"\b(\w+)\(", source):
                helper = getattr(current, "__globals__", {}).get(name)
                if inspect.isfunction(helper):
                    queue.append((helper, level + 1))
    return seen


def _model_named_in(func, name):
    value = getattr(func, "__globals__", {}).get(name)
    return value if isinstance(value, type) and issubclass(value, models.Model) else None


def source_model(route, kwarg, *, specific):
    """A model the view (or a helper) loads: `get_object_for_user(Model, ..., pk=<kwarg>)`, `Model.objects`."""
    import inspect

    if route.view_class is not None:
        return None
    if specific:
        pattern = r"(?:get_object_for_user|get_object_or_404)\(\s*([A-Z]\w*)[^\n]*?\w=" + kwarg + r"\b"
    else:
        pattern = r"(?:get_object_for_user\(|get_object_or_404\()\s*([A-Z]\w*)|\b([A-Z]\w*)\.objects\b"
    for func in _source_functions(route.callback):
        try:
            source = inspect.getsource(func)
        except (OSError, TypeError):
            continue
        for match in re.finditer(pattern, source, flags=re.S if not specific else 0):
            model = _model_named_in(func, next(g for g in match.groups() if g))
            if model is not None:
                return model
        if specific:
            model = _queryset_function_model(func, source, kwarg)
            if model is not None:
                return model
    return None


def _queryset_function_model(func, source, kwarg):
    """`get_object_or_404(queries.market_listings(), pk=<kwarg>)`: the model that function reads."""
    import inspect

    match = re.search(
        r"(?:get_object_for_user|get_object_or_404)\(\s*([\w.]+)\([^\n]*?\w=" + kwarg + r"\b", source
    )
    if match is None:
        return None
    target = getattr(func, "__globals__", {}).get(match.group(1).split(".")[0])
    for attr in match.group(1).split(".")[1:]:
        target = getattr(target, attr, None)
    if not inspect.isfunction(target):
        return None
    # The queryset it returns is built last: `plans = Plan.objects…; qs = PlanTask.objects.filter(…)`.
    found = re.findall(r"\b([A-Z]\w*)\.objects\b", inspect.getsource(target))
    return _model_named_in(target, found[-1]) if found else None


def model_for_kwarg(route, kwarg):
    """The model a URL argument refers to; see the module docstring for the order of guesses."""
    if kwarg in REGION_KWARGS:
        return Region
    if kwarg not in ("pk", "id"):
        stem = re.sub(r"_(pk|id)$", "", kwarg)
        return source_model(route, kwarg, specific=True) or guess_model(stem, route.app_label)
    return (
        view_model(route)
        or source_model(route, kwarg, specific=True)
        or segment_model(route, kwarg)
        or name_model(route)
        or source_model(route, kwarg, specific=False)
    )


# ------------------------------------------------------------------------------------- the scenario


@pytest.fixture
def scenario(villages, village_user, other_village_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # one user walks every list in a moment: the per-minute list limit (fupin.core.api_throttles) is lifted
    settings.API_LIST_BURST_RATE = settings.API_LIST_RATE = settings.API_RATE = ""
    own = HouseholdFactory(region_id=OWN_VILLAGE, number="OWN-HH-0001")
    MemberFactory(household=own, name="本村户主")
    sibling = HouseholdFactory(region_id=SIBLING_VILLAGE, number="SIB-HH-0001")
    members = [
        MemberFactory(household=sibling, name="邻村户主甲"),
        MemberFactory(
            household=sibling, name="邻村成员乙", relation="10", sex="2", birth_date=datetime.date(2001, 3, 4)
        ),
    ]
    entry = record("registry.household.registered", by=other_village_user, target=sibling)
    token, _ = account_services.create_api_token(by=other_village_user, name="邻村令牌")
    _own_token, own_key = account_services.create_api_token(by=village_user, name="本村令牌")
    siblings = Siblings(
        {
            Region: villages[SIBLING_VILLAGE],
            Household: sibling,
            Member: members[0],
            AuditEntry: entry,
            User: other_village_user,
            RoleAssignment: RoleAssignment.objects.get(user=other_village_user),
            ApiToken: token,
        }
    )
    forbidden = [sibling.number] + [m.name for m in members] + [m.id_number for m in members]
    return {"siblings": siblings, "forbidden": forbidden, "key": own_key, "user": village_user}


def fill(route, siblings):
    """(list of URL values, whether a sibling-region record is in them, or why the route is not fillable)."""
    values, scoped, choices = {}, False, {}
    for kwarg in route.kwargs:
        if kwarg in NON_OBJECT_VALUES:
            choices[kwarg] = NON_OBJECT_VALUES[kwarg]
            continue
        if kwarg in REGION_KWARGS:
            values[kwarg], scoped = SIBLING_VILLAGE, True
            continue
        model = model_for_kwarg(route, kwarg)
        if model is None:
            return None, False, f"cannot tell which model `{kwarg}` refers to"
        obj = siblings.get(model)
        if obj is None:
            return None, False, f"no sibling {model._meta.label} ({siblings.failures.get(model, '')})"
        values[kwarg] = obj.pk
        scoped = scoped or siblings.is_scoped(model)
    names = sorted(choices)
    variants = [
        dict(values, **dict(zip(names, combo, strict=True)))
        for combo in itertools.product(*(choices[n] for n in names))
    ]
    return variants, scoped, None


def body_text(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(
            str(c)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for c in row
            if c is not None
        )
    return content.decode("utf-8", errors="replace")


def check(client, method, path, expect, forbidden, **extra):
    try:
        response = getattr(client, method)(path, **extra)
    except Exception as exc:  # a crash is a failure to report, not to hide
        return f"{method.upper()} {path} raised {type(exc).__name__}: {exc}"
    problems = []
    if expect is not None and response.status_code not in expect:
        problems.append(f"status {response.status_code} (expected one of {sorted(expect)})")
    text = body_text(response)
    leaked = [s for s in forbidden if s in text]
    if leaked:
        problems.append(f"shows the sibling record: {leaked}")
    return f"{method.upper()} {path}: {'; '.join(problems)}" if problems else None


def run_routes(client, routes, scenario, *, extra=None):
    extra = extra or {}
    failures, object_routes, list_routes = [], 0, 0
    for route in routes:
        if allow_listed(route) or shadowed(route, routes):
            continue
        variants, scoped, problem = fill(route, scenario["siblings"])
        if problem:
            failures.append(f"{route}: {problem}. Add a factory for the model or an ALLOW_UNFILLED entry.")
            continue
        for values in variants:
            path = build_path(route, values)
            problem = _resolves_to(route, path)
            if problem:
                failures.append(problem)
            elif route.kwargs and scoped:
                object_routes += 1
                missing_path = build_path(route, _missing(values, route))
                failures += _check_object_route(
                    client, route, path, missing_path, scenario["forbidden"], extra
                )
            else:
                list_routes += 1
                failures += _check_list_route(client, path, scenario, extra)
    return [f for f in failures if f], object_routes, list_routes


def _status(client, method, path, extra):
    try:
        return getattr(client, method)(path, content_type="application/json", **extra).status_code
    except Exception:  # the crash is already reported by check()
        return None


def _missing(values, route):
    """The same URL values with every record replaced by one that does not exist."""
    return {
        k: v if k in NON_OBJECT_VALUES else MISSING_CODE if k in REGION_KWARGS else 987654321
        for k, v in values.items()
    }


def allow_listed(route):
    return (route.name or route.regex) in ALLOW_UNFILLED


def _resolves_to(route, path):
    try:
        match = resolve(path)
    except Exception as exc:
        return f"{route}: built {path}, which does not resolve ({exc})"
    if match.func is not route.callback:
        return f"{route}: built {path}, which resolves to another view"
    return None


def shadowed(route, routes):
    """A route hidden behind an earlier one with the same pattern (each app router's api-root) is unreachable."""
    earlier = next(r for r in routes if r.regex == route.regex)
    return earlier is not route


def _check_object_route(client, route, path, missing_path, forbidden, extra):
    """403/404/405, or the very answer a missing record gets (e.g. a 400 from validating the body first)."""
    failures = []
    for method in ("get", "post") + (("patch", "delete") if route.is_api else ()):
        problem = check(
            client, method, path, OK_FOR_OBJECT_ROUTES, forbidden, content_type="application/json", **extra
        )
        if problem and "status" in problem and "shows" not in problem:
            missing, actual = (
                _status(client, method, missing_path, extra),
                _status(client, method, path, extra),
            )
            if missing == actual and missing is not None and missing >= 400:
                problem = None
        failures.append(problem)
    return failures


def _check_list_route(client, path, scenario, extra):
    """The plain list, then filtered to the sibling region/household and exported: never the sibling's rows."""
    household = scenario["siblings"].objects[Household]
    params = {"region": SIBLING_VILLAGE, "household": household.pk, "export": "xlsx"}
    forbidden = scenario["forbidden"]
    return [
        check(client, "get", path, OK_FOR_LIST_ROUTES, forbidden, **extra),
        check(client, "get", path, None, forbidden, data=params, **extra),
    ]


ROUTES = list(all_routes())


def test_route_walk_finds_pages_and_api_routes():
    names = {route.name for route in ROUTES}

    assert {"registry:household_detail", "audit:entry_detail", "regions:region_detail"} <= names
    assert {"household-detail", "member-detail", "auditentry-detail", "region-detail"} <= names


def test_routes_with_arguments_are_all_fillable_or_allow_listed(scenario):
    unfilled = []
    for route in ROUTES:
        if route.kwargs and not allow_listed(route):
            _values, _scoped, problem = fill(route, scenario["siblings"])
            if problem:
                unfilled.append(f"{route}: {problem}")

    assert not unfilled, "Routes the scope test cannot fill:\n" + "\n".join(unfilled)


def test_a_sibling_villages_records_are_unreachable_by_any_page_or_api_route(client, scenario):
    client.force_login(scenario["user"])

    failures, object_routes, list_routes = run_routes(client, ROUTES, scenario)

    assert object_routes >= 10 and list_routes >= 10
    assert not failures, "Scope leaks or unexpected answers:\n" + "\n".join(failures)


def test_a_sibling_villages_records_are_unreachable_by_any_api_route_with_a_token(client, scenario):
    api_routes = [route for route in ROUTES if route.is_api]

    failures, object_routes, _lists = run_routes(
        client, api_routes, scenario, extra={"HTTP_AUTHORIZATION": f"Token {scenario['key']}"}
    )

    assert object_routes >= 5
    assert not failures, "Scope leaks or unexpected answers (token auth):\n" + "\n".join(failures)


def leaky_household(request, pk):
    """A deliberately broken view for the guard test: it forgets visible_to()."""
    return HttpResponse(Household.objects.get(pk=pk).number)


def mystery(request, thing):
    return HttpResponse("")


urlpatterns = [
    path("leaky/households/<int:pk>/", leaky_household, name="leaky_household"),
    path("mystery/<int:thing>/", mystery, name="mystery"),
]


def test_a_new_route_is_covered_and_a_leak_is_reported(client, scenario, settings):
    """Guard: a route added without scope, and one whose argument cannot be filled, both fail the checks."""
    settings.ROOT_URLCONF = __name__
    routes = list(all_routes(get_resolver(__name__).url_patterns))
    client.force_login(scenario["user"])

    failures, object_routes, _lists = run_routes(client, routes, scenario)

    assert object_routes == 1
    assert any("leaky/households" in f and "SIB-HH-0001" in f for f in failures), failures
    assert any(f.startswith("mystery") and "cannot tell which model `thing`" in f for f in failures), failures


# ------------------------------------------------------------------------------------ buyer accounts

# A buyer organisation (fupin.consumption) reaches the market, whose listings of every region it reads by
# design (public fields only); these routes answer 200 for a sibling village's listing and are checked
# for household data only.
MARKET_ROUTES = {"consumption:market_listing", "consumption-market-detail", "consumption-market-order"}
REGISTRY_APPS = {"registry", "reports", "ledgers", "employment", "funds"}
REGISTRY_PATHS = ("households/", "reports/", "ledgers/", "employment/", "funds/")


def _registry_route(route):
    api_app = route.name.split("-")[0] if route.is_api else ""
    return (
        route.app_label in REGISTRY_APPS
        or api_app in REGISTRY_APPS
        or route.regex.startswith(REGISTRY_PATHS)
        or any(route.regex.startswith(f"api/v1/{app}") for app in REGISTRY_APPS)
    )


def test_a_buyer_reaches_no_registry_tracking_ledger_employment_or_funds_route(client, scenario, buyer_user):
    """The `buyer` role holds no scope over the registry: every page and API route of those apps that takes a
    record refuses it (403/404/405), and no route at all, list or export, shows it a household's number or
    members, not even of the villages of its own district."""
    client.force_login(buyer_user)
    # the buyer's district holds both villages: neither household may show
    forbidden = [*scenario["forbidden"], "OWN-HH-0001", "本村户主"]
    scenario = {**scenario, "forbidden": forbidden}
    routes = [r for r in ROUTES if r.name not in MARKET_ROUTES]

    failures, _objects, _lists = run_routes(client, routes, scenario)
    guarded = [
        r
        for r in ROUTES
        if _registry_route(r) and r.kwargs and not allow_listed(r) and not shadowed(r, ROUTES)
    ]
    for route in guarded:
        variants, _scoped, _problem = fill(route, scenario["siblings"])
        for values in variants or []:
            failures.append(check(client, "get", build_path(route, values), {403, 404, 405}, forbidden))
    for route in [r for r in ROUTES if r.name in MARKET_ROUTES]:
        variants, _scoped, _problem = fill(route, scenario["siblings"])
        for values in variants or []:
            failures.append(check(client, "get", build_path(route, values), None, forbidden))

    failures = [f for f in failures if f]
    assert not failures, "A buyer reached or saw:\n" + "\n".join(failures)


# ------------------------------------------------------------------------------------ department units

LEAD_UNIT = (
    "市人力资源社会保障局"  # the unit of the `department_user` persona; `other_department_user` is 医保局
)


@pytest.fixture
def unit_scenario(scenario, department_user, other_department_user):
    """An item of the city led by the first department's unit, and every route that takes a ledger item."""
    from fupin.ledgers.models import LedgerItem
    from fupin.ledgers.tests.factories import LedgerItemFactory

    item = LedgerItemFactory(region_code=OWN_VILLAGE, lead_unit=LEAD_UNIT, responsible_units="")
    siblings = Siblings({**scenario["siblings"].objects, LedgerItem: item})
    routes = [
        route
        for route in ROUTES
        if any(model_for_kwarg(route, k) is LedgerItem for k in route.kwargs if k not in NON_OBJECT_VALUES)
    ]
    _token, key = account_services.create_api_token(by=other_department_user, name="医保局令牌")
    return {"item": item, "siblings": siblings, "routes": routes, "key": key}


def _item_state(item):
    item.refresh_from_db()
    return (item.version, item.status, item.progress.count(), item.evidence.count())


def _unit_writes(client, route, path, item, extra):
    """Each write method with a body that would pass validation; yields (method, status) one at a time."""
    body = {
        "version": item.version,
        "text": "越权填报",
        "measures": "越权修改",
        "description": "越权修改",
        "reason": "越权退回",
        "kind": item.kind,
        "source": item.source,
        "category": item.category,
        "priority": item.priority,
        "rectification_type": item.rectification_type,
        "deadline": str(item.deadline),
        "lead_unit": item.lead_unit,
    }
    for method in ("post",) + (("patch", "put", "delete") if route.is_api else ()):
        kwargs = {"data": body, "content_type": "application/json"} if route.is_api else {"data": body}
        yield method.upper(), getattr(client, method)(path, **kwargs, **extra).status_code


def test_a_department_changes_no_item_of_another_unit_through_any_route(client, unit_scenario):
    """Another department (医保局) sees the item led by 人社局 but no page or API route lets it write: every
    route holding a ledger item, every write method, by session and by token, leaves the item as it was."""
    from fupin.ledgers.models import LedgerItem

    item, routes = unit_scenario["item"], unit_scenario["routes"]
    assert {"ledgers:item_edit", "ledgers:progress_add", "ledgers-item-detail", "ledgers-item-progress"} <= {
        r.name for r in routes
    }
    department = User.objects.get(username="dept2")
    before = _item_state(item)
    refused = {}
    for auth, extra in (("session", {}), ("token", {"HTTP_AUTHORIZATION": f"Token {unit_scenario['key']}"})):
        client.logout()
        if auth == "session":
            client.force_login(department)
        for route in routes:
            if auth == "token" and not route.is_api:
                continue
            variants, _scoped, problem = fill(route, unit_scenario["siblings"])
            assert not problem, f"{route}: {problem}"
            for values in variants:
                path = build_path(route, values)
                for method, status in _unit_writes(client, route, path, item, extra):
                    refused[(auth, route.name, method)] = status
                    assert _item_state(item) == before, f"{auth} {method} {path} changed the item ({status})"
    assert not AuditEntry.objects.filter(target_id=str(item.pk), target_type__icontains="ledger").exists()
    assert LedgerItem.objects.get(pk=item.pk).measures == ""
    for key in (
        ("session", "ledgers:item_edit", "POST"),
        ("session", "ledgers:progress_add", "POST"),
        ("token", "ledgers-item-detail", "PATCH"),
        ("token", "ledgers-item-progress", "POST"),
    ):
        assert refused[key] == 403, (key, refused[key])


# ------------------------------------------------------------------------------- paired-county office


def test_a_paired_county_office_reaches_nothing_of_jiangmens_registry_through_any_route(
    client, scenario, counterpart_user
):
    """The office of 天等县 (role paired_counterpart over 451425, fupin.cooperation) sees its own county only:
    every route holding a record of a Jiangmen village refuses it (403/404/405, pages and API), and no route,
    list or export, shows a Jiangmen household's number or members, the cooperation board included."""
    client.force_login(counterpart_user)
    forbidden = [*scenario["forbidden"], "OWN-HH-0001", "本村户主"]
    scenario = {**scenario, "forbidden": forbidden}

    failures, object_routes, list_routes = run_routes(client, ROUTES, scenario)

    assert object_routes >= 10 and list_routes >= 10
    assert not failures, "A paired county's office reached or saw:\n" + "\n".join(failures)


# ------------------------------------------------------------------------------- split roles (U2)


def test_a_first_secretary_reaches_no_sibling_village_record_through_any_route(
    client, scenario, first_secretary_user
):
    """The first secretary is a role of its own beside the village cadre (U2): the same walk, as the
    secretary of the same village, by session."""
    client.force_login(first_secretary_user)

    failures, object_routes, list_routes = run_routes(client, ROUTES, scenario)

    assert object_routes >= 10 and list_routes >= 10
    assert not failures, "A first secretary reached or saw:\n" + "\n".join(failures)


def _household_routes(route):
    """Lists, and the routes whose every record argument is a household or a member."""
    records = [k for k in route.kwargs if k not in NON_OBJECT_VALUES]
    return not records or all(model_for_kwarg(route, k) in (Household, Member) for k in records)


def test_a_city_department_reaches_no_household_outside_its_domain_through_any_route(client, scenario):
    """A city department reads the households of its own domain only (U2): 住建局 sees households with an
    unsafe house; both villages' households are safe, so no page or API route, list or export, opens or
    shows them, though the whole city is the department's region."""
    from fupin.accounts.roles import Role
    from fupin.accounts.tests.factories import make_user

    housing = make_user(Role.DEPARTMENT, "440700000000", unit="市住房城乡建设局", username="housing")
    client.force_login(housing)
    forbidden = [*scenario["forbidden"], "OWN-HH-0001", "本村户主"]
    routes = [r for r in ROUTES if _household_routes(r)]

    failures, object_routes, _lists = run_routes(client, routes, {**scenario, "forbidden": forbidden})

    assert object_routes >= 4
    assert not failures, "A housing department reached or saw:\n" + "\n".join(failures)
