"""Households and members over the API: scoped reads, writes through the services."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fupin.core.api import ScopedViewSetMixin
from fupin.core.api_writes import ServiceWritesMixin, validated_body
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


class RegistryViewSet(
    ServiceWritesMixin,
    PersonalDataAuditMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Scoped reads; creates and changes through the registry's services (fupin.core.api_writes)."""

    def perform_update(self, serializer):
        # The serializers leave `version` optional for a create; a change names the version the caller read.
        if serializer.validated_data.get("version") is None:
            raise ValidationError({"version": [_("请提供您读取时的版本号 version。")]})
        self.check_change(serializer.instance, serializer.validated_data)
        super().perform_update(serializer)

    def check_change(self, record, data):
        """Refuse a change the serializer lets through, or drop what does not change (nothing here)."""


class HouseholdViewSet(RegistryViewSet):
    """Households in the caller's scope; filters as on the list page (q, region, status, ...)."""

    queryset_model = Household
    serializer_class = HouseholdSerializer
    write_fields = ("region_id", *services.HOUSEHOLD_FIELDS)
    create_service = services.register_household
    update_service = services.update_household
    filter_backends = [DjangoFilterBackend]
    filterset_class = HouseholdFilter

    def get_queryset(self):
        ordering = self.request.query_params.get("ordering", "").lstrip("-")
        households = Household.objects.visible_to(self.request.user, sorted_by_index=ordering in INDEX_SORTS)
        return households.select_related("region").order_by(*DEFAULT_ORDER)

    def written(self, serializer) -> dict:
        fields = super().written(serializer)
        if "region_id" in fields:  # the serializer's `region` is the household's region_id
            fields["region"] = fields.pop("region_id")
        return fields

    @extend_schema(request=HouseholdStatusSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"], serializer_class=HouseholdStatusSerializer)
    def status(self, request, pk=None, **kwargs):
        household = self.get_object()
        body = validated_body(request, HouseholdStatusSerializer)
        services.change_household_status(household, by=request.user, **body)
        return Response(HouseholdSerializer(household, context=self.get_serializer_context()).data)


class MemberViewSet(RegistryViewSet):
    """Members in the caller's scope; IDs and phones masked except for those who may see full IDs there
    (and then each response is audited with the number shown)."""

    queryset_model = Member
    serializer_class = MemberSerializer
    write_fields = ("household", *services.MEMBER_FIELDS)
    create_service = services.add_member
    update_service = services.update_member
    filterset_class = MemberFilter
    ordering_fields = ["id", "household"]

    def get_queryset(self):
        return self.base_queryset().order_by("household_id", "relation", "pk")

    def check_change(self, member, data):
        if data.get("id_number") == member.id_number:
            data.pop("id_number")  # unchanged (sent back masked, the serializer has dropped it)
        if data.pop("household", member.household) != member.household:
            raise ValidationError({"household": [_("成员不能直接转到其他户。")]})

    @extend_schema(request=RemoveMemberSerializer, responses={204: None})
    @action(detail=True, methods=["post"], serializer_class=RemoveMemberSerializer)
    def remove(self, request, pk=None, **kwargs):
        member = self.get_object()
        body = validated_body(request, RemoveMemberSerializer)
        services.remove_member(member, by=request.user, reason=body["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)
