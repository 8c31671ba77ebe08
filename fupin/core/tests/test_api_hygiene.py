"""Bad input to the API is a 400 in the one error format, never a server error or a silent overwrite; the
schema documents every error status; lists are rate-limited per user."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters import NumberFilter
from rest_framework import serializers
from rest_framework.test import APIClient

from fupin.core.api import VersionField
from fupin.core.filtering import NumberFilter as BoundedNumberFilter


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _viewsets():
    seen = {}
    for route, pattern in _routes(get_resolver().url_patterns):
        cls = getattr(pattern.callback, "cls", None)
        if cls is not None and route.startswith("api/v1/"):
            seen.setdefault(cls, (route, pattern))
    return seen


def test_every_number_filter_of_the_api_is_bounded():
    unbounded = [
        f"{cls.__name__}.{name}"
        for cls in _viewsets()
        if getattr(cls, "filterset_class", None)
        for name, f in cls.filterset_class.base_filters.items()
        if isinstance(f, NumberFilter) and not isinstance(f, BoundedNumberFilter)
    ]
    assert unbounded == []


@pytest.mark.django_db
def test_every_list_answers_an_unknown_ordering_with_a_400_never_a_500(city_user, settings):
    settings.API_LIST_BURST_RATE = ""  # one request to each of the lists in a moment
    client = APIClient()
    client.force_authenticate(city_user)
    lists = [
        route
        for route, pattern in _viewsets().values()
        if (pattern.name or "").endswith("-list") and "<" not in route
    ]
    assert len(lists) > 20
    for route in lists:
        response = client.get("/" + route.replace("^", "").replace("$", ""), {"ordering": "no_such_field"})
        if response.status_code == 403:  # a list the city office may not read at all
            continue
        # the project's OrderingFilter, or a FilterSet's own `ordering` (registry): refused alike
        assert response.status_code == 400 and "ordering" in response.json()["fields"], route


class _Edit(serializers.Serializer):
    name = serializers.CharField(required=False)
    version = VersionField(required=False)


def test_version_is_required_to_change_a_record_even_in_a_partial_update():
    record = {"name": "旧", "version": 3}

    change = _Edit(record, data={"name": "新"}, partial=True)
    creation = _Edit(data={"name": "新"})

    assert not change.is_valid() and change.errors["version"] == ["缺少版本号 version。"]
    assert creation.is_valid()


def test_the_schema_documents_the_error_statuses_in_the_error_format():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    patch = schema["paths"]["/api/v1/ledgers/items/{id}/"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "409", "429"} <= set(patch)
    assert patch["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["error", "message"]
