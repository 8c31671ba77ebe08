from rest_framework.routers import DefaultRouter

from fupin.training.api import views

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.include_root_view = False
router.register("training/programs", views.ProgramViewSet, basename="training-program")
router.register("training/classes", views.TrainingClassViewSet, basename="training-class")
router.register("training/enrollments", views.EnrollmentViewSet, basename="training-enrollment")
router.register("training/willingness", views.WillingnessViewSet, basename="training-willingness")
urlpatterns = router.urls
