"""Households and members over the API: scoped reads, writes through the services."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fupin.core.api import ScopedViewSetMixin
from fupin.core.masking import PersonalDataAuditMixin
from fupin.registry import services
from fupin.registry.api.serializers import (
    HouseholdSerializer,
    HouseholdStatusSerializer,
    MemberSerializer,
    RemoveMemberSerializer,
)
from fupin.registry.filters import DEFAULT_ORDER, INDEX_SORTS, HouseholdFilter, MemberFilter
from fupin.registry.models import Household, Member


def _version(data):
    if data.get("version") is None:
        raise ValidationError({"version": [_("请提供您读取时的版本号 version。")]})
    return data.pop("version")


class HouseholdViewSet(
    PersonalDataAuditMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Households in the caller's scope; filters as on the list page (q, region, status, ...)."""

    queryset_model = Household
    serializer_class = HouseholdSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = HouseholdFilter

    def get_queryset(self):
        ordering = self.request.query_params.get("ordering", "").lstrip("-")
        households = Household.objects.visible_to(self.request.user, sorted_by_index=ordering in INDEX_SORTS)
        return households.select_related("region").order_by(*DEFAULT_ORDER)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        region = data.pop("region_id")
        household = services.register_household(by=request.user, region=region, **data)
        return Response(self.get_serializer(household).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False, **kwargs):
        household = self.get_object()
        serializer = self.get_serializer(household, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = _version(data)
        if "region_id" in data:
            data["region"] = data.pop("region_id")
        services.update_household(household, by=request.user, version=version, **data)
        return Response(self.get_serializer(household).data)

    def partial_update(self, request, pk=None, **kwargs):
        return self.update(request, pk, partial=True)

    @extend_schema(request=HouseholdStatusSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"], serializer_class=HouseholdStatusSerializer)
    def status(self, request, pk=None, **kwargs):
        household = self.get_object()
        serializer = HouseholdStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_household_status(household, by=request.user, **serializer.validated_data)
        return Response(HouseholdSerializer(household, context=self.get_serializer_context()).data)


class MemberViewSet(
    PersonalDataAuditMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Members in the caller's scope; IDs and phones masked except for those who may see full IDs there
    (and then each response is audited with the number shown)."""

    queryset_model = Member
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    ordering_fields = ["id", "household"]

    def get_queryset(self):
        return self.base_queryset().order_by("household_id", "relation", "pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        household = data.pop("household")
        member = services.add_member(household, by=request.user, **data)
        return Response(self.get_serializer(member).data, status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False, **kwargs):
        member = self.get_object()
        serializer = self.get_serializer(member, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = _version(data)
        if data.get("id_number") == member.id_number:
            data.pop("id_number")  # unchanged (sent back masked, the serializer has dropped it)
        if data.pop("household", member.household) != member.household:
            raise ValidationError({"household": [_("成员不能直接转到其他户。")]})
        services.update_member(member, by=request.user, version=version, **data)
        return Response(self.get_serializer(member).data)

    def partial_update(self, request, pk=None, **kwargs):
        return self.update(request, pk, partial=True)

    @extend_schema(request=RemoveMemberSerializer, responses={204: None})
    @action(detail=True, methods=["post"], serializer_class=RemoveMemberSerializer)
    def remove(self, request, pk=None, **kwargs):
        member = self.get_object()
        serializer = RemoveMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.remove_member(member, by=request.user, reason=serializer.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)
