"""The scoped viewset base: get_queryset() is always the model's visible_to(request.user)."""

from rest_framework import routers, viewsets


class ScopedViewSetMixin:
    """get_queryset() is the model's visible_to(request.user); subclasses add select_related etc."""

    queryset_model = None

    def base_queryset(self):
        return self.queryset_model.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.base_queryset()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ApiRouter(routers.DefaultRouter):
    """The router every app uses: one URL per resource (no .json suffix routes, so @actions need no
    **kwargs) and no per-app API root (the API is documented at /api/docs/)."""

    include_root_view = False
    include_format_suffixes = False
