from fupin.core.api import ApiRouter
from fupin.industry.api import views

router = ApiRouter()
router.register("industry/projects", views.ProjectViewSet, basename="industry-project")
router.register(
    "industry/project-households", views.ProjectHouseholdViewSet, basename="industry-project-household"
)
router.register(
    "industry/household-industries", views.HouseholdIndustryViewSet, basename="industry-household-industry"
)
router.register("industry/leading", views.LeadingIndustryViewSet, basename="industry-leading")
urlpatterns = router.urls
