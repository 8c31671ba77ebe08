"""The monitoring API: scoped reads, writes through the services, procedure steps as actions."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.core.api import ScopedListViewSet
from fupin.core.api_writes import PatchMixin, ServiceWritesMixin
from fupin.core.scope import check_anywhere
from fupin.monitoring import filters, queries
from fupin.monitoring.api import serializers as s
from fupin.monitoring.models import ExitCase, MonitoringCase, RiskRule, Signal
from fupin.monitoring.services import cases, rules, signals

VIEW = "monitoring.view_signal"


class MonitoringBase(ServiceWritesMixin, ScopedListViewSet):
    view_permission = VIEW


class SignalViewSet(MonitoringBase, mixins.CreateModelMixin):
    """Signals in scope; POST {household, reason, risk_type[, income, rigid_spending]} records an application."""

    queryset_model = Signal
    serializer_class = s.SignalSerializer
    filterset_class = filters.SignalFilter
    ordering_fields = ["id", "detected_on", "region_code"]

    def create(self, request):
        body = self.body(s.ApplicationBody)
        household = queries.household_for(request.user, pk=body.pop("household"))
        if household is None:
            raise Http404
        signal = signals.record_application(household, by=request.user, **body)
        return Response(s.SignalSerializer(signal).data, status=status.HTTP_201_CREATED)


class CaseViewSet(MonitoringBase):
    """Procedure cases in scope; POST …/approve/ {version, note[, appraisal]} or …/reject/ {version, note}."""

    queryset_model = MonitoringCase
    serializer_class = s.CaseSerializer
    filterset_class = filters.CaseFilter
    ordering_fields = ["id", "opened_on", "step_deadline", "region_code"]

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.act(cases.approve_step, s.ApproveBody)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.act(cases.reject_step, s.RejectBody)


class RuleViewSet(PatchMixin, MonitoringBase):
    """The city's risk rules; PATCH {version, name|params|reason|colour|active} edits one (versioned)."""

    queryset_model = RiskRule
    serializer_class = s.RuleSerializer
    write_fields = rules.RULE_FIELDS
    update_service = rules.update_rule


class ExitViewSet(MonitoringBase):
    queryset_model = ExitCase
    serializer_class = s.ExitSerializer
    filterset_class = filters.ExitFilter
    ordering_fields = ["id", "proposed_on", "region_code"]


class BoardView(APIView):
    """GET: the early-warning board's figures in the caller's scope, the same as the board page
    (`/monitoring/`), read from the maintained tally; overdue is counted for today.

    One object, not a list: it takes no query parameters (`page`, `page_size` and `ordering` are ignored).
    """

    @extend_schema(responses=s.MonitoringBoardSerializer)
    def get(self, request):
        check_anywhere(request.user, VIEW)
        return Response(s.MonitoringBoardSerializer(queries.board(request.user, timezone.localdate())).data)
