from fupin.core.api import ScopedReadOnlyViewSet
from fupin.regions.api.serializers import RegionSerializer
from fupin.regions.filters import RegionFilter
from fupin.regions.models import Region


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions of the caller's scope and their ancestors (for breadcrumbs and pickers)."""

    queryset_model = Region
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    ordering_fields = ["code", "name", "level"]
    lookup_value_regex = "[0-9]{12}"

    def get_queryset(self):
        return super().get_queryset().order_by("code")
