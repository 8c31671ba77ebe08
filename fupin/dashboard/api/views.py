from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.core.scope import check_anywhere
from fupin.dashboard.targets import Status, target_board


class TargetRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    measure = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    unit = serializers.CharField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    at_least = serializers.BooleanField()
    deadline = serializers.DateField(allow_null=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    value_unit = serializers.CharField()
    progress = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    detail = serializers.CharField()


class TargetBoardSerializer(serializers.Serializer):
    date = serializers.DateField()
    targets = TargetRowSerializer(many=True)


class TargetBoardView(APIView):
    """GET: every target of the active plan with its figure in the caller's scope, the share reached and
    its status for today (met, late, due soon, on track, no data, or city-wide target for a count read in a
    smaller scope). The same rows as the board on the home page."""

    @extend_schema(responses=TargetBoardSerializer)
    def get(self, request):
        check_anywhere(request.user, "plan.view_plan")
        today = timezone.localdate()
        rows = target_board(request.user, today)
        return Response(TargetBoardSerializer({"date": today, "targets": rows}).data)
