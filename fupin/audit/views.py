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
from fupin.core.listing import EXPORT_FORMATS, old_spelling_redirect, paginate
from fupin.core.views import get_object_for_user, require_perm

PERMISSION = "audit.view_auditentry"
ALERT_PERMISSION = "audit.view_alert"
PAGE_SIZE = 50


def _require_auditor(user):
    require_perm(user, PERMISSION)


@login_required
def entry_list(request):
    moved = old_spelling_redirect(request)
    if moved:
        return moved
    _require_auditor(request.user)
    entries = AuditEntryFilter(request.GET, queryset=AuditEntry.objects.visible_to(request.user))
    queryset = entries.qs
    if request.GET.get("export") in EXPORT_FORMATS:
        return _export(request, queryset)
    page = paginate(request, queryset, PAGE_SIZE)
    page.object_list = display.describe(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/entry_list.html", {"filter": entries, "page": page, "query": query.urlencode()}
    )


def _changes_text(entry):
    return "; ".join(
        f"{label}: {strip_tags(old)} → {strip_tags(new)}"
        for label, old, new in display.change_rows(entry)["rows"]
    )


def _export(request, queryset):
    from fupin.core.exporting import export_response

    columns = [
        (_("时间"), 18),
        (_("操作人"), 14),
        (_("事件"), 30),
        (_("对象类型"), 18),
        (_("对象编号"), 12),
        (_("对象"), 24),
        (_("区划代码"), 14),
        (_("IP 地址"), 15),
        (_("请求编号"), 34),
        (_("变更"), 60),
        (_("说明"), 30),
    ]
    rows = (
        [
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_name,
            display.action_label(e.action),
            e.target_type,
            e.target_id,
            e.target_label,
            e.region_code,
            e.ip_address or "",
            e.request_id,
            _changes_text(e),
            e.note,
        ]
        for e in queryset.iterator(chunk_size=1000)
    )
    home = request.user.home_region
    fmt = "csv" if request.GET.get("export") == "csv" else "xlsx"
    return export_response(
        request,
        title=_("审计记录"),
        fmt=fmt,
        columns=columns,
        rows=rows,
        filename="audit",
        audit_action="audit.auditentry.exported",
        region_code=home.code if home else "",
        filters=request.GET.dict(),
    )


@login_required
def entry_detail(request, pk):
    _require_auditor(request.user)
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
