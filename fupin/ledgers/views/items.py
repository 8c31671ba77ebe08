"""Ledger item pages: list (filter, sort, paginate, export), create, edit, detail and workflow actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.attachments import attachment_response
from fupin.core.errors import DomainError, NotAllowed
from fupin.core.form_pages import form_page
from fupin.core.listing import list_page
from fupin.core.views import get_object_for_user, requires, run_action, save_form
from fupin.ledgers import exporters, importers, services, workflow
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.filters import SORTS, LedgerItemFilter
from fupin.ledgers.forms import EvidenceForm, ImportForm, LedgerItemForm, ProgressForm, TransitionForm
from fupin.ledgers.models import Evidence, LedgerItem
from fupin.ledgers.views.common import decide, household_numbered, today, with_labels

PAGE_SIZE = 50


@requires("ledgers.view_item")
def item_list(request):
    request.today = today()
    return list_page(
        request,
        queryset=LedgerItem.objects.visible_to(request.user).select_related("household"),
        filterset_class=LedgerItemFilter,
        filter_kwargs={"request": request},
        columns=[],
        sorts=SORTS,
        default_sort=SORTS["deadline"],
        per_page=PAGE_SIZE,
        decorate=with_labels,
        title=_("台账清单"),
        filename="ledger",
        audit_action="ledgers.ledgeritem.exported",
        export=lambda qs, fmt: exporters.export_items(
            request, qs, today=request.today, kind=request.GET.get("kind") or None, fmt=fmt
        ),
        template="ledgers/item_list.html",
        context={
            "today": request.today,
            "can_create": request.user.has_scoped_perm("ledgers.create_item"),
            "units": sorted(request.user.units),
        },
    )


def _form_to_kwargs(request, form):
    data = dict(form.cleaned_data)
    number = data.pop("household_number", "")
    data.pop("version", None)
    if number:
        household = household_numbered(request.user, number)
        data["household"] = household
        data["region_code"] = household.region_id
    return data


@requires("ledgers.create_item")
def item_create(request):
    initial = {
        "kind": request.GET.get("kind", LedgerKind.PROBLEM),
        "household_number": request.GET.get("household", ""),
    }
    form = LedgerItemForm(request.POST or None, initial=initial, user=request.user)
    return form_page(
        request,
        form,
        lambda _data: services.create_item(by=request.user, **_form_to_kwargs(request, form)),
        success=_("台账事项已创建。"),
        title=_("新建事项"),
        next_url=lambda item: reverse("ledgers:item_detail", args=[item.pk]),
        template="ledgers/item_form.html",
    )


@login_required
def item_edit(request, pk):
    item = get_object_for_user(LedgerItem, request.user, pk=pk)
    _require_change(request.user, item)
    form = LedgerItemForm(
        request.POST or None, instance=item, initial={"version": item.version}, user=request.user
    )
    form.fields.pop("region_code")
    form.fields.pop("household_number")

    def update(data):
        # The stored item, not the form's instance (validating the form has set its fields already).
        return services.update_item(
            LedgerItem.objects.get(pk=item.pk),
            by=request.user,
            version=data["version"],
            **{k: data[k] for k in form.Meta.fields},
        )

    if save_form(request, form, update, _("已保存。")):
        return redirect("ledgers:item_detail", pk=item.pk)
    return render(request, "ledgers/item_form.html", {"form": form, "item": item})


def _require_change(user, item):
    """403 for a visible item the user may not change (no permission, or another unit's item)."""
    try:
        services.check_item(user, "ledgers.change_item", item)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc


@login_required
def item_detail(request, pk):
    item = get_object_for_user(
        LedgerItem.objects.select_related("household", "closed_by", "measure"), request.user, pk=pk
    )
    user = request.user
    return render(
        request,
        "ledgers/item_detail.html",
        {
            "item": item,
            "today": today(),
            "overdue": item.is_overdue(today()),
            "progress": item.progress.select_related("by"),
            "evidence": item.evidence.select_related("by"),
            "members": item.members.all(),
            "actions": workflow.allowed_actions(item, user),
            "can_change": user.has_scoped_perm("ledgers.change_item", item.region_code)
            and workflow.acts_for_item(user, "ledgers.change_item", item)
            and item.status != "closed",
            "progress_form": ProgressForm(),
            "evidence_form": EvidenceForm(),
            "screenings": item.screening_results.select_related("screening"),
        },
    )


ACTIONS = {
    "start": services.start_item,
    "request_close": services.request_close,
    "close": services.close_item,
    "return": services.return_item,
}
DONE_MESSAGES = {
    "start": gettext_lazy("已开始整改。"),
    "request_close": gettext_lazy("已申请销号。"),
    "close": gettext_lazy("已销号。"),
    "return": gettext_lazy("已退回。"),
}


@login_required
@require_POST
def item_transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    item = get_object_for_user(LedgerItem, request.user, pk=pk)
    transition = decide(ACTIONS[action], action, request.user)
    run_action(
        request,
        TransitionForm(request.POST),
        lambda d: transition(item, d),
        DONE_MESSAGES[action],
        invalid=_("请求无效，请刷新页面。"),
    )
    return redirect("ledgers:item_detail", pk=pk)


def _item_action(request, pk, form, action, success, invalid):
    """An addition to an item the user may change: `action(item, cleaned_data)`, back to the item."""
    item = get_object_for_user(LedgerItem, request.user, pk=pk)
    _require_change(request.user, item)
    run_action(request, form, lambda data: action(item, data), success, invalid=invalid)
    return redirect("ledgers:item_detail", pk=pk)


@login_required
@require_POST
def progress_add(request, pk):
    return _item_action(
        request,
        pk,
        ProgressForm(request.POST),
        lambda item, d: services.add_progress(item, by=request.user, **d),
        _("进展已保存。"),
        _("请填写进展情况。"),
    )


@login_required
@require_POST
def evidence_add(request, pk):
    form = EvidenceForm(request.POST, request.FILES)
    return _item_action(
        request,
        pk,
        form,
        lambda item, d: services.add_evidence(item, by=request.user, text=d["text"], upload=d["file"]),
        _("佐证材料已上传。"),
        "; ".join(str(e) for errs in form.errors.values() for e in errs),
    )


@login_required
def evidence_download(request, pk):
    """Files are served only here, after the scope check; never from MEDIA_URL."""
    evidence = get_object_for_user(Evidence, request.user, pk=pk)
    return attachment_response(evidence.file, evidence.original_name)


@requires("ledgers.create_item")
def item_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importers.import_problem_list(upload, by=request.user)
        except DomainError as exc:  # refused by the upload gate (fupin.core.importing)
            form.add_error("file", str(exc))
        except Exception:
            form.add_error("file", _("无法读取该文件，请上传 .xlsx 文件。"))
        else:
            if not result.errors:
                messages.success(request, _("已导入 %(n)d 条。") % {"n": result.created})
                return redirect(reverse("ledgers:item_list") + "?kind=problem&sort=-created")
    return render(request, "ledgers/item_import.html", {"form": form, "result": result})
