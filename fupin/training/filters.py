import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.regions.filters import RegionFilterSet, region_filter
from fupin.training.choices import ProgramKind
from fupin.training.models import Enrollment, TrainingClass, TrainingWillingness


class TrainingClassFilter(RegionFilterSet):
    name = django_filters.CharFilter(label=_("班次名称"), lookup_expr="contains")
    program_kind = django_filters.ChoiceFilter(
        label=_("培训项目"), choices=ProgramKind.choices, field_name="program__kind"
    )
    starts_from = django_filters.DateFilter(label=_("开班日期起"), field_name="starts_on", lookup_expr="gte")

    class Meta:
        model = TrainingClass
        fields = ["region", "name", "program_kind", "mode", "starts_from"]


EnrollmentFilter = region_filter(Enrollment, "training_class", "completed")


class WillingnessFilter(RegionFilterSet):
    trained = django_filters.BooleanFilter(label=_("已参加培训"), method="filter_trained")

    class Meta:
        model = TrainingWillingness
        fields = ["region", "willing", "program_kind", "trained"]

    def filter_trained(self, queryset, name, value):
        from django.db.models import Exists, OuterRef

        trained = Exists(Enrollment.objects.filter(laborer_id=OuterRef("laborer_id")))
        return queryset.filter(trained) if value else queryset.exclude(trained)
