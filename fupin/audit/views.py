from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.filters import AuditEntryFilter
from fupin.audit.models import AuditEntry
from fupin.audit.refusals import ALERT_ACTIONS
from fupin.core.views import get_object_for_user, require_perm

PERMISSION = "audit.view_auditentry"
ALERT_PERMISSION = "audit.view_alert"
PAGE_SIZE = 50


def _require_auditor(user):
    require_perm(user, PERMISSION)


@login_required
def entry_list(request):
    _require_auditor(request.user)
    entries = AuditEntryFilter(request.GET, queryset=AuditEntry.objects.visible_to(request.user))
    queryset = entries.qs
    if request.GET.get("export"):
        return _export(request, queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/entry_list.html", {"filter": entries, "page": page, "query": query.urlencode()}
    )


def _changes_text(changes):
    return "; ".join(f"{field}: {pair[0]} → {pair[1]}" for field, pair in _pairs(changes))


def _pairs(changes):
    for field, value in (changes or {}).items():
        if isinstance(value, list | tuple) and len(value) == 2:
            yield field, value
        else:
            yield field, ("", value)


def _field_label(target_type, field):
    """The model field's verbose name when the target's model is known, else the field name."""
    try:
        return str(apps.get_model(target_type)._meta.get_field(field).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return field


def _labelled_changes(entry):
    return [
        (field, _field_label(entry.target_type, field), old, new)
        for field, (old, new) in _pairs(entry.changes)
    ]


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
            e.action,
            e.target_type,
            e.target_id,
            e.target_label,
            e.region_code,
            e.ip_address or "",
            e.request_id,
            _changes_text(e.changes),
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
        related = (
            AuditEntry.objects.visible_to(request.user)
            .for_target(entry.target_type, entry.target_id)
            .exclude(pk=entry.pk)[:20]
        )
    return render(
        request,
        "audit/entry_detail.html",
        {
            "entry": entry,
            "changes": _labelled_changes(entry),
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
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "audit/alert_list.html", {"page": page, "can_open": user.has_scoped_perm(PERMISSION)}
    )
