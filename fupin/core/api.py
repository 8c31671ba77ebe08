"""The scoped viewset base: get_queryset() is always the model's visible_to(request.user)."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, routers, serializers, viewsets
from rest_framework.fields import empty

from fupin.core.auditing import masked_filters, record, scope_of


class AuditedListMixin:
    """One audit entry per list response that returns personal data (`<app>.<model>.listed`): who, their
    scope, the filter, the page and the number of rows, so a bulk read page by page leaves a trace.

    A list is audited when its serializer declares `personal_fields` (fupin.core.masking) or the viewset
    names an `audit_list_action`."""

    audit_list_action = None

    def list_audit_action(self):
        if self.audit_list_action:
            return self.audit_list_action
        if getattr(self.get_serializer_class(), "personal_fields", None):
            model = self.queryset_model or self.get_queryset().model
            return f"{model._meta.label_lower}.listed"
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "action", None) == "list" and response.status_code == 200:
            audit_action = self.list_audit_action()
            if audit_action:
                self._record_list_read(request, response, audit_action)
        return response

    def _record_list_read(self, request, response, audit_action):
        data = response.data
        rows = len(data.get("results", [])) if isinstance(data, dict) else len(data or [])
        permission = getattr(self, "view_permission", None) or getattr(
            self.queryset_model, "view_permission", ""
        )
        region_code, prefixes = scope_of(request.user, permission)
        filters = {k: v for k, v in request.query_params.items() if k not in ("page", "page_size")}
        # Filter values may hold a full ID: masked like every personal value in the trail.
        with transaction.atomic():
            record(
                audit_action,
                by=request.user,
                region_code=region_code,
                note=f"{request.path[:200]} page={request.query_params.get('page', '1')} rows={rows}",
                changes={
                    "scope": [None, prefixes],
                    "filters": [None, masked_filters(filters)],
                    "page": [None, request.query_params.get("page", "1")],
                    "rows": [None, rows],
                },
            )


class HoldsViewPermission(permissions.BasePermission):
    """403 for a user holding the view's permission nowhere (out of region rows are simply absent): the
    viewset's `view_permission`, else its model's. A list the user may not read at all answers 403 like its
    page, not an empty 200."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        permission = getattr(view, "view_permission", None) or getattr(
            getattr(view, "queryset_model", None), "view_permission", None
        )
        return not permission or user.has_scoped_perm(permission)


class ScopedViewSetMixin(AuditedListMixin):
    """get_queryset() is the model's visible_to(request.user); subclasses add select_related etc.
    Lists of personal data are audited (AuditedListMixin)."""

    queryset_model = None
    permission_classes = [permissions.IsAuthenticated, HoldsViewPermission]

    def base_queryset(self):
        return self.queryset_model.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.base_queryset()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


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


class VersionField(serializers.IntegerField):
    """The `version` the caller read, sent back with a write that can conflict (docs/architecture.md,
    "Concurrency"). Required on every change of an existing record, a PATCH included (DRF would skip a
    missing field in a partial update, and the write would then overwrite silently); with
    `required=False` it may be left out only where a record is created."""

    default_error_messages = {"required": _("缺少版本号 version。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("help_text", "the version read; a stale one is refused with 409")
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is empty and (self.required or getattr(self.root, "instance", None) is not None):
            self.fail("required")
        return super().validate_empty_values(data)


class ScopedRelationsMixin:
    """A serializer whose related records a client names by id are looked up in the caller's scope: each
    field of `scoped_relations` reads its model's `visible_to(user)`, so an id out of scope answers exactly
    like a missing one (no existence oracle through 400 against 404 or a uniqueness message)."""

    scoped_relations = ()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for name in self.scoped_relations:
            model = fields[name].queryset.model
            fields[name].queryset = model.objects.visible_to(getattr(request, "user", None))
        return fields


def confirm_warnings_field(what):
    """The write-only `confirm_warnings` of a record checked by plausibility rules: `what` (e.g. "a loan")
    is saved even though it raised soft warnings, which an unconfirmed write answers with
    needs_confirmation."""
    return serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=f"save {what} that only raised plausibility warnings (error needs_confirmation)",
    )
