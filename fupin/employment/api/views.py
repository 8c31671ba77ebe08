"""The employment API: reads are visible_to(user) + the app's FilterSets; writes call the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from fupin.core.api import ScopedGenericViewSet
from fupin.core.masking import PersonalDataAuditMixin
from fupin.employment import filters, jobs, services
from fupin.employment.api import serializers as s
from fupin.employment.models import (
    Enterprise,
    Laborer,
    MatchBatch,
    MatchProposal,
    PostOccupancy,
    PublicWelfarePost,
    Referral,
    SubsidyApplication,
    SubsidyKind,
    SurveyRound,
    Vacancy,
)
from fupin.jobs.models import JobStatus


class Base(ScopedGenericViewSet):
    view_permission = "employment.view_laborer"


class ReadOnly(Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    pass


class LaborerViewSet(PersonalDataAuditMixin, ReadOnly, mixins.UpdateModelMixin):
    queryset_model = Laborer
    serializer_class = s.LaborerSerializer
    filterset_class = filters.LaborerFilter
    ordering_fields = ["id", "region_code", "name", "expected_wage"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.LABORER_FIELDS}
        serializer.instance = services.update_laborer(
            serializer.instance, by=self.request.user, version=serializer.validated_data["version"], **data
        )


class SurveyRoundViewSet(ReadOnly):
    queryset_model = SurveyRound
    serializer_class = s.SurveyRoundSerializer
    filterset_class = filters.SurveyRoundFilter


class EnterpriseViewSet(ReadOnly, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    queryset_model = Enterprise
    serializer_class = s.EnterpriseSerializer
    filterset_class = filters.EnterpriseFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.ENTERPRISE_FIELDS}
        serializer.instance = services.register_enterprise(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.ENTERPRISE_FIELDS}
        serializer.instance = services.update_enterprise(
            serializer.instance, by=self.request.user, version=serializer.validated_data["version"], **data
        )


class VacancyViewSet(ReadOnly, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    queryset_model = Vacancy
    serializer_class = s.VacancySerializer
    filterset_class = filters.VacancyFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        enterprise = self.scoped_get(Enterprise, data.pop("enterprise").pk)
        data.pop("version", None)
        serializer.instance = services.post_vacancy(by=self.request.user, enterprise=enterprise, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.VACANCY_FIELDS}
        serializer.instance = services.update_vacancy(
            serializer.instance, by=self.request.user, version=serializer.validated_data["version"], **data
        )


class MatchBatchViewSet(ReadOnly, mixins.CreateModelMixin):
    """POST {"region_code": "440703101"} starts the matching of that scope as a background job (202);
    GET runs/<job id>/ follows it: status, progress and, once it succeeded, the batch."""

    queryset_model = MatchBatch
    serializer_class = s.MatchBatchSerializer
    filterset_class = filters.MatchBatchFilter

    @extend_schema(request=s.MatchRunSerializer, responses={202: s.MatchRunStatusSerializer})
    def create(self, request, *args, **kwargs):
        body = s.MatchRunSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = jobs.start_matching(by=request.user, scope_region=body.validated_data["region_code"])
        return Response(self._run_data(job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=s.MatchRunStatusSerializer)
    @action(detail=False, methods=["get"], url_path=r"runs/(?P<job_id>[0-9]+)")
    def run(self, request, job_id=None):
        return Response(self._run_data(jobs.matching_job_for(request.user, job_id)))

    def _run_data(self, job):
        batch_id = (job.result or {}).get("batch_id") if job.status == JobStatus.SUCCEEDED else None
        batch = (
            MatchBatch.objects.visible_to(self.request.user).filter(pk=batch_id).first() if batch_id else None
        )
        return {
            "job": job.pk,
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "message": job.message,
            "url": reverse("employment-matchbatch-run", args=[job.pk], request=self.request),
            "page": reverse("employment:match_job", args=[job.pk], request=self.request),
            "batch": s.MatchBatchSerializer(batch).data if batch else None,
        }


class MatchProposalViewSet(ReadOnly):
    queryset_model = MatchProposal
    serializer_class = s.MatchProposalSerializer
    filterset_class = filters.MatchProposalFilter
    ordering_fields = ["id", "score"]

    @extend_schema(request=None, responses={201: s.ReferralSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        referral = services.confirm_proposal(self.get_object(), by=request.user)
        return Response(s.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.NoteSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        body = s.NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.reject_proposal(self.get_object(), by=request.user, note=body.validated_data["note"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReferralViewSet(ReadOnly):
    queryset_model = Referral
    serializer_class = s.ReferralSerializer
    filterset_class = filters.ReferralFilter
    ordering_fields = ["id", "referred_on", "placed_on"]

    @extend_schema(request=s.StepSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.StepSerializer)
    def advance(self, request, pk=None):
        step = s.StepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        referral = services.advance_referral(
            self.get_object(),
            by=request.user,
            version=step.validated_data["version"],
            on=step.validated_data.get("on"),
        )
        return Response(s.ReferralSerializer(referral).data)

    @extend_schema(request=s.StepSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.StepSerializer)
    def end(self, request, pk=None):
        step = s.StepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        referral = services.end_referral(
            self.get_object(),
            by=request.user,
            version=step.validated_data["version"],
            on=step.validated_data.get("on"),
            note=step.validated_data["note"],
        )
        return Response(s.ReferralSerializer(referral).data)


class PublicWelfarePostViewSet(ReadOnly, mixins.CreateModelMixin):
    queryset_model = PublicWelfarePost
    serializer_class = s.PublicWelfarePostSerializer
    filterset_class = filters.PublicWelfarePostFilter

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "closed_on"}
        serializer.instance = services.open_public_welfare_post(by=self.request.user, **data)

    @extend_schema(request=s.OccupancySerializer, responses={201: s.OccupancySerializer})
    @action(detail=True, methods=["post"], serializer_class=s.OccupancySerializer)
    def assign(self, request, pk=None):
        data = s.OccupancySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        laborer = data.validated_data.get("laborer")
        if laborer is not None:
            laborer = self.scoped_get(Laborer, laborer.pk)
        occ = services.assign_post(
            self.get_object(),
            by=request.user,
            laborer=laborer,
            name=data.validated_data.get("name", ""),
            started_on=data.validated_data["started_on"],
        )
        return Response(s.OccupancySerializer(occ).data, status=status.HTTP_201_CREATED)


class PostOccupancyViewSet(ReadOnly):
    queryset_model = PostOccupancy
    serializer_class = s.OccupancySerializer
    filterset_class = filters.PostOccupancyFilter


class SubsidyKindViewSet(Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The subsidy kinds and their rules (the same for everybody)."""

    serializer_class = s.SubsidyKindSerializer
    filterset_fields = ["beneficiary"]

    def get_queryset(self):
        return SubsidyKind.objects.all()


class SubsidyApplicationViewSet(ReadOnly, mixins.CreateModelMixin):
    queryset_model = SubsidyApplication
    serializer_class = s.SubsidyApplicationSerializer
    filterset_class = filters.SubsidyApplicationFilter
    ordering_fields = ["id", "applied_on", "amount"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        laborer = self.scoped_get(Laborer, data["laborer"].pk) if data.get("laborer") else None
        enterprise = self.scoped_get(Enterprise, data["enterprise"].pk) if data.get("enterprise") else None
        serializer.instance = services.apply_subsidy(
            by=self.request.user,
            kind=data["kind"],
            laborer=laborer,
            enterprise=enterprise,
            period=data["period"],
            months=data.get("months", 1),
            proof=data.get("proof", ""),
        )

    def _move(self, request, name):
        step = s.SubsidyStepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        app = services.move_subsidy(self.get_object(), name, by=request.user, **step.validated_data)
        return Response(s.SubsidyApplicationSerializer(app).data)

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def review(self, request, pk=None):
        return self._move(request, "review")

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def approve(self, request, pk=None):
        return self._move(request, "approve")

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def pay(self, request, pk=None):
        return self._move(request, "pay")

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def reject(self, request, pk=None):
        return self._move(request, "reject")
