from fupin.core.api import ApiRouter
from fupin.training.api import views

router = ApiRouter()
router.register("training/programs", views.ProgramViewSet, basename="training-program")
router.register("training/classes", views.TrainingClassViewSet, basename="training-class")
router.register("training/enrollments", views.EnrollmentViewSet, basename="training-enrollment")
router.register("training/willingness", views.WillingnessViewSet, basename="training-willingness")
urlpatterns = router.urls
