"""The employment API: reads are visible_to(user) + the app's FilterSets; writes call the services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from fupin.core.api import ScopedGenericViewSet
from fupin.core.api_writes import CreateAndPatchMixin, PatchMixin, ServiceWritesMixin
from fupin.core.errors import DomainError
from fupin.core.masking import PersonalDataAuditMixin
from fupin.core.scope import check_anywhere
from fupin.employment import filters, jobs, models, queries
from fupin.employment.api import serializers as s
from fupin.employment.services import (
    enterprises,
    laborers,
    matching_runs,
    posts,
    recruitment,
    referrals,
    subsidies,
)
from fupin.funds.queries import disbursable_allocations
from fupin.jobs.models import JobStatus


class Base(ServiceWritesMixin, ScopedGenericViewSet):
    view_permission = "employment.view_laborer"

    def scoped_or_none(self, model, given):
        """The record a body names, read again within the caller's scope (404 beyond it), or None."""
        return self.scoped_get(model, given.pk) if given else None


class ReadOnly(Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    pass


class Editable(CreateAndPatchMixin, ReadOnly):
    pass


class LaborerViewSet(PatchMixin, PersonalDataAuditMixin, ReadOnly):
    queryset_model = models.Laborer
    serializer_class = s.LaborerSerializer
    filterset_class = filters.LaborerFilter
    ordering_fields = ["id", "region_code", "name", "expected_wage"]
    write_fields = laborers.LABORER_FIELDS
    update_service = laborers.update_laborer


class SurveyRoundViewSet(ReadOnly):
    queryset_model = models.SurveyRound
    serializer_class = s.SurveyRoundSerializer
    filterset_class = filters.SurveyRoundFilter


class EnterpriseViewSet(Editable):
    queryset_model = models.Enterprise
    serializer_class = s.EnterpriseSerializer
    filterset_class = filters.EnterpriseFilter
    write_fields = enterprises.ENTERPRISE_FIELDS
    create_service = enterprises.register_enterprise
    update_service = enterprises.update_enterprise


class VacancyViewSet(Editable):
    queryset_model = models.Vacancy
    serializer_class = s.VacancySerializer
    filterset_class = filters.VacancyFilter
    write_fields = enterprises.VACANCY_FIELDS
    update_service = enterprises.update_vacancy

    def perform_create(self, serializer):
        enterprise = self.scoped_get(models.Enterprise, serializer.validated_data["enterprise"].pk)
        serializer.instance = enterprises.post_vacancy(
            by=self.request.user, enterprise=enterprise, **self.written(serializer)
        )


class MatchBatchViewSet(ReadOnly, mixins.CreateModelMixin):
    """POST {"region_code": "440703101"} starts the matching of that scope as a background job (202);
    GET runs/<job id>/ follows it: status, progress and, once it succeeded, the batch."""

    queryset_model = models.MatchBatch
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
            models.MatchBatch.objects.visible_to(self.request.user).filter(pk=batch_id).first()
            if batch_id
            else None
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
    queryset_model = models.MatchProposal
    serializer_class = s.MatchProposalSerializer
    filterset_class = filters.MatchProposalFilter
    ordering_fields = ["id", "score"]

    @extend_schema(request=None, responses={201: s.ReferralSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self.act(
            matching_runs.confirm_proposal, result_class=s.ReferralSerializer, code=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.NoteSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.act(matching_runs.reject_proposal, s.NoteSerializer, code=status.HTTP_204_NO_CONTENT)


class ReferralViewSet(ReadOnly):
    queryset_model = models.Referral
    serializer_class = s.ReferralSerializer
    filterset_class = filters.ReferralFilter
    ordering_fields = ["id", "referred_on", "placed_on"]

    @extend_schema(request=s.StepSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.StepSerializer)
    def advance(self, request, pk=None):
        return self.act(
            lambda referral, note, **step: referrals.advance_referral(referral, **step), s.StepSerializer
        )

    @extend_schema(request=s.StepSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.StepSerializer)
    def end(self, request, pk=None):
        return self.act(referrals.end_referral, s.StepSerializer)


class PublicWelfarePostViewSet(ReadOnly, mixins.CreateModelMixin):
    queryset_model = models.PublicWelfarePost
    serializer_class = s.PublicWelfarePostSerializer
    filterset_class = filters.PublicWelfarePostFilter
    write_fields = ["region_code", "kind", "name", "temporary", "seats", "monthly_pay", "opened_on"]
    create_service = posts.open_public_welfare_post

    @extend_schema(request=s.OccupancySerializer, responses={201: s.OccupancySerializer})
    @action(detail=True, methods=["post"], serializer_class=s.OccupancySerializer)
    def assign(self, request, pk=None):
        data = self.body(s.OccupancySerializer)
        occ = posts.assign_post(
            self.get_object(),
            by=request.user,
            laborer=self.scoped_or_none(models.Laborer, data.get("laborer")),
            name=data.get("name", ""),
            started_on=data["started_on"],
            reason=data.get("reason", ""),
        )
        return Response(s.OccupancySerializer(occ).data, status=status.HTTP_201_CREATED)


class PostOccupancyViewSet(ReadOnly):
    queryset_model = models.PostOccupancy
    serializer_class = s.OccupancySerializer
    filterset_class = filters.PostOccupancyFilter

    @extend_schema(request=s.OccupancyEndSerializer, responses=s.OccupancySerializer)
    @action(detail=True, methods=["post"], serializer_class=s.OccupancyEndSerializer)
    def end(self, request, pk=None):
        """The holder leaves the post (离岗): the date and why."""
        return self.act(
            posts.end_post_occupancy, s.OccupancyEndSerializer, result_class=s.OccupancySerializer
        )


class RecruitmentEventViewSet(Editable):
    """Recruitment events (online or on site) with the vacancies they offer and the people placed."""

    queryset_model = models.RecruitmentEvent
    serializer_class = s.RecruitmentEventSerializer
    filterset_class = filters.RecruitmentEventFilter
    ordering_fields = ["id", "held_on", "placed"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("vacancies")

    def _vacancies(self, data):
        if "vacancies" not in data:
            return None
        return [self.scoped_get(models.Vacancy, v.pk) for v in data["vacancies"]]

    def perform_create(self, serializer):
        data = serializer.validated_data
        values = {k: v for k, v in data.items() if k in recruitment.EVENT_FIELDS}
        serializer.instance = recruitment.hold_recruitment_event(
            by=self.request.user, vacancies=self._vacancies(data) or [], **values
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        if "version" not in data:
            raise DomainError(_("缺少版本号 version。"), field="version")
        values = {k: v for k, v in data.items() if k in recruitment.EVENT_FIELDS}
        serializer.instance = recruitment.update_recruitment_event(
            serializer.instance,
            by=self.request.user,
            version=data["version"],
            vacancies=self._vacancies(data),
            **values,
        )


class EnterpriseOfficerViewSet(PersonalDataAuditMixin, ReadOnly, mixins.CreateModelMixin):
    """Employment service officers (就业服务专员) assigned to enterprises."""

    queryset_model = models.EnterpriseOfficer
    serializer_class = s.OfficerSerializer
    filterset_class = filters.EnterpriseOfficerFilter
    ordering_fields = ["id", "assigned_on"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = recruitment.assign_officer(
            self.scoped_get(models.Enterprise, data["enterprise"].pk),
            by=self.request.user,
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            assigned_on=data["assigned_on"],
        )

    @extend_schema(request=s.OfficerEndSerializer, responses=s.OfficerSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.OfficerEndSerializer)
    def end(self, request, pk=None):
        """Recall the officer from the enterprise."""
        return self.act(recruitment.end_officer, s.OfficerEndSerializer, result_class=s.OfficerSerializer)


class ResumptionView(APIView):
    """GET: the resumption of poverty-related enterprises in the caller's scope (R2.4): the target judged at
    its deadline (the rate on that day decides "met"), today's rate beside it, and the daily curve."""

    @extend_schema(responses=s.ResumptionSerializer)
    def get(self, request):
        check_anywhere(request.user, models.VIEW)
        judged = queries.resumption_judged(request.user, queries.plan_target("enterprise-resumption-rate"))
        return Response(s.ResumptionSerializer(judged).data)


class SubsidyKindViewSet(Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The subsidy kinds and their rules (the same for everybody)."""

    serializer_class = s.SubsidyKindSerializer
    filterset_fields = ["beneficiary"]

    def get_queryset(self):
        return models.SubsidyKind.objects.all()


class SubsidyApplicationViewSet(ReadOnly, mixins.CreateModelMixin):
    queryset_model = models.SubsidyApplication
    serializer_class = s.SubsidyApplicationSerializer
    filterset_class = filters.SubsidyApplicationFilter
    ordering_fields = ["id", "applied_on", "amount"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = subsidies.apply_subsidy(
            by=self.request.user,
            kind=data["kind"],
            laborer=self.scoped_or_none(models.Laborer, data.get("laborer")),
            enterprise=self.scoped_or_none(models.Enterprise, data.get("enterprise")),
            period=data["period"],
            months=data.get("months", 1),
            proof=data.get("proof", ""),
        )

    def _move(self, request, name):
        return self.act(
            lambda app, **step: subsidies.move_subsidy(app, name, **step), s.SubsidyStepSerializer
        )

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def review(self, request, pk=None):
        return self._move(request, "review")

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def approve(self, request, pk=None):
        return self._move(request, "approve")

    @extend_schema(request=s.SubsidyPaySerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyPaySerializer)
    def pay(self, request, pk=None):
        """Pay an approved subsidy from a fund allocation (资金下达) through the funds service."""

        def pay(app, *, by, version, allocation, payment_ref, on=None):
            found = disbursable_allocations(by).filter(pk=allocation).first()
            if found is None:
                raise DomainError(_("没有可用于支付的该笔资金下达。"), field="allocation")
            return subsidies.pay_subsidy(
                app, by=by, version=version, allocation=found, voucher=payment_ref, on=on
            )

        return self.act(pay, s.SubsidyPaySerializer)

    @extend_schema(request=s.SubsidyStepSerializer, responses=s.SubsidyApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.SubsidyStepSerializer)
    def reject(self, request, pk=None):
        return self._move(request, "reject")
