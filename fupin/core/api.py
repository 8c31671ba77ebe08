"""The scoped viewset base: get_queryset() is always the model's visible_to(request.user)."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, permissions, routers, viewsets


class ScopedViewSetMixin:
    """get_queryset() is the model's visible_to(request.user); subclasses add select_related etc."""

    queryset_model = None

    def base_queryset(self):
        return self.queryset_model.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.base_queryset()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class HoldsViewPermission(permissions.BasePermission):
    """403 for a user holding the view's `view_permission` nowhere (out of region rows are simply absent)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_scoped_perm(view.view_permission))


class ScopedGenericViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """The base of an app's viewsets: authenticated, holding `view_permission` somewhere, scoped reads;
    subclasses add the mixins they serve."""

    view_permission = None
    permission_classes = [permissions.IsAuthenticated, HoldsViewPermission]
    ordering_fields = ["id", "region_code"]

    def scoped_get(self, model, pk):
        return get_object_or_404(model.objects.visible_to(self.request.user), pk=pk)


class ScopedListViewSet(ScopedGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """List and retrieve, scoped."""


class ApiRouter(routers.DefaultRouter):
    """The router every app uses: one URL per resource (no .json suffix routes, so @actions need no
    **kwargs) and no per-app API root (the API is documented at /api/docs/)."""

    include_root_view = False
    include_format_suffixes = False
