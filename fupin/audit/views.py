from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from fupin.audit import display
from fupin.audit.filters import AuditEntryFilter
from fupin.audit.models import AuditEntry
from fupin.audit.refusals import ALERT_ACTIONS
from fupin.core.listing import Col, home_code, list_page, paginate
from fupin.core.views import get_object_for_user, requires

PERMISSION = "audit.view_auditentry"
ALERT_PERMISSION = "audit.view_alert"
PAGE_SIZE = 50


def _page_columns():
    """The list's columns: their headers, and the `?sort=` key of the sortable ones."""
    return [
        Col(_("时间"), lambda e: e.created_at, sort="created_at"),
        Col(_("操作人"), lambda e: e.actor_name, sort="actor_name"),
        Col(_("事件"), lambda e: e.action, sort="action"),
        Col(_("对象"), lambda e: e.target_label),
        Col(_("区域"), lambda e: e.region_code),
        Col(_("变更"), lambda e: ""),
        Col(_("IP 地址"), lambda e: e.ip_address),
    ]


@requires(PERMISSION)
def entry_list(request):
    return list_page(
        request,
        queryset=AuditEntry.objects.visible_to(request.user),
        filterset_class=AuditEntryFilter,
        columns=_page_columns(),
        default_sort=("-created_at", "-id"),
        per_page=PAGE_SIZE,
        decorate=display.describe,
        title=_("审计记录"),
        filename="audit",
        export_columns=_export_columns(),
        export_region=home_code(request.user),
        template="audit/entry_list.html",
    )


def _changes_text(entry):
    return "; ".join(
        f"{label}: {strip_tags(old)} → {strip_tags(new)}"
        for label, old, new in display.change_rows(entry)["rows"]
    )


def _export_columns():
    return [
        Col(_("时间"), lambda e: timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"), 18),
        Col(_("操作人"), lambda e: e.actor_name, 14),
        Col(_("事件"), lambda e: display.action_label(e.action), 30),
        Col(_("对象类型"), lambda e: e.target_type, 18),
        Col(_("对象编号"), lambda e: e.target_id, 12),
        Col(_("对象"), lambda e: e.target_label, 24),
        Col(_("区划代码"), lambda e: e.region_code, 14),
        Col(_("IP 地址"), lambda e: e.ip_address or "", 15),
        Col(_("请求编号"), lambda e: e.request_id, 34),
        Col(_("变更"), _changes_text, 60),
        Col(_("说明"), lambda e: e.note, 30),
    ]


@requires(PERMISSION)
def entry_detail(request, pk):
    entry = get_object_for_user(AuditEntry, request.user, pk=pk)
    related = []
    if entry.target_type and entry.target_id:
        related = display.describe(
            AuditEntry.objects.visible_to(request.user)
            .for_target(entry.target_type, entry.target_id)
            .exclude(pk=entry.pk)[:20]
        )
    display.describe([entry])
    return render(
        request,
        "audit/entry_detail.html",
        {
            "entry": entry,
            "changes": entry.change["rows"],
            "target_type_label": display.model_label(entry.target_type),
            "related": related,
        },
    )


@login_required
def alert_list(request):
    """Alerts for the security administrator and the auditors: users refused too often, in their regions."""
    user = request.user
    permissions = [p for p in (ALERT_PERMISSION, PERMISSION) if user.has_scoped_perm(p)]
    if not permissions:
        raise PermissionDenied
    entries = AuditEntry.objects.none()
    for permission in permissions:
        entries = entries | AuditEntry.objects.visible_to(user, permission)
    entries = entries.filter(action__in=ALERT_ACTIONS).order_by("-created_at", "-id")
    page = paginate(request, entries, PAGE_SIZE)
    page.object_list = display.describe(page.object_list)
    return render(
        request, "audit/alert_list.html", {"page": page, "can_open": user.has_scoped_perm(PERMISSION)}
    )
