from django.urls import path

from fupin.core.api import ApiRouter
from fupin.employment.api import views

router = ApiRouter()
router.register("employment/laborers", views.LaborerViewSet, basename="employment-laborer")
router.register("employment/survey-rounds", views.SurveyRoundViewSet, basename="employment-surveyround")
router.register("employment/enterprises", views.EnterpriseViewSet, basename="employment-enterprise")
router.register("employment/vacancies", views.VacancyViewSet, basename="employment-vacancy")
router.register("employment/match-batches", views.MatchBatchViewSet, basename="employment-matchbatch")
router.register("employment/proposals", views.MatchProposalViewSet, basename="employment-proposal")
router.register("employment/referrals", views.ReferralViewSet, basename="employment-referral")
router.register("employment/public-welfare-posts", views.PublicWelfarePostViewSet, basename="employment-post")
router.register("employment/post-occupancies", views.PostOccupancyViewSet, basename="employment-occupancy")
router.register("employment/recruitment-events", views.RecruitmentEventViewSet, basename="employment-event")
router.register("employment/officers", views.EnterpriseOfficerViewSet, basename="employment-officer")
router.register("employment/subsidy-kinds", views.SubsidyKindViewSet, basename="employment-subsidykind")
router.register("employment/subsidies", views.SubsidyApplicationViewSet, basename="employment-subsidy")
urlpatterns = [
    path("employment/resumption/", views.ResumptionView.as_view(), name="employment-resumption"),
    *router.urls,
]
