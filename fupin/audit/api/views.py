from rest_framework import permissions

from fupin.audit.api.serializers import AuditEntrySerializer
from fupin.audit.filters import AuditEntryFilter
from fupin.audit.models import AuditEntry
from fupin.core.api import ScopedReadOnlyViewSet


class HoldsAuditPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_scoped_perm("audit.view_auditentry")


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit trail of the caller's scope, newest first (read-only: entries are append-only)."""

    queryset_model = AuditEntry
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    permission_classes = [permissions.IsAuthenticated, HoldsAuditPermission]
    ordering_fields = ["created_at", "action"]

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-id")
