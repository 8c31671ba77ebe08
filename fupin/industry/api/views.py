"""The industry API: scoped reads, writes through the services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.core.api import ScopedListViewSet
from fupin.core.api_writes import CreateAndPatchMixin, ServiceWritesMixin
from fupin.industry import filters, queries, services
from fupin.industry.api import serializers as s
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project, ProjectHousehold
from fupin.registry.queries import household_numbered

VIEW = "industry.view_project"


class IndustryBase(ServiceWritesMixin, ScopedListViewSet):
    view_permission = VIEW


class ProjectViewSet(CreateAndPatchMixin, IndustryBase):
    """Projects; POST .../move/ {version, action} moves one along 申报 → 审批 → 实施 → 验收 → 运营."""

    queryset_model = Project
    serializer_class = s.ProjectSerializer
    filterset_class = filters.ProjectFilter
    ordering_fields = ["id", "declared_on", "budget", "funded"]
    write_fields = services.PROJECT_FIELDS
    create_service = services.register_project
    update_service = services.update_project

    @extend_schema(request=s.MoveSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self.act(services.move_project, s.MoveSerializer)

    @extend_schema(request=s.LinkSerializer, responses={201: s.ProjectHouseholdSerializer})
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        project = self.get_object()
        body = self.body(s.LinkSerializer)
        household = household_numbered(request.user, body.pop("household"))
        link = services.link_household(project, by=request.user, household=household, **body)
        return Response(s.ProjectHouseholdSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.FundSerializer, responses={201: s.ProjectSerializer})
    @action(detail=True, methods=["post"])
    def fund(self, request, pk=None):
        project = self.get_object()
        body = self.body(s.FundSerializer)
        allocation = get_object_or_404(
            queries.allocations_for_projects(request.user), pk=body.pop("allocation")
        )
        services.fund_project(project, by=request.user, allocation=allocation, **body)
        project.refresh_from_db()
        return Response(s.ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectHouseholdViewSet(IndustryBase):
    queryset_model = ProjectHousehold
    serializer_class = s.ProjectHouseholdSerializer
    filterset_fields = ["project", "benefit"]


class HouseholdIndustryViewSet(IndustryBase, mixins.CreateModelMixin):
    """POST {household: 户编号, kind, …} records (or updates) a household's industry of the year."""

    queryset_model = HouseholdIndustry
    serializer_class = s.HouseholdIndustrySerializer
    filterset_class = filters.HouseholdIndustryFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        household = household_numbered(self.request.user, data.pop("household")["number"])
        data.pop("region_code", None)
        serializer.instance = services.record_household_industry(household, by=self.request.user, **data)


class LeadingIndustryViewSet(IndustryBase, mixins.CreateModelMixin):
    queryset_model = LeadingIndustry
    serializer_class = s.LeadingIndustrySerializer
    filterset_class = filters.LeadingIndustryFilter
    write_fields = ["region_code", *services.LEADING_FIELDS]
    create_service = services.name_leading_industry
