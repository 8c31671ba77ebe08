"""Supervision (挂牌督战) pages: the board against plan targets, the list, one target with its plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import paginate
from fupin.core.views import add_domain_error, get_object_for_user
from fupin.ledgers import queries
from fupin.ledgers import supervision as service
from fupin.ledgers.filters import SupervisionTargetFilter
from fupin.ledgers.forms import CheckinForm, SupervisionTargetForm
from fupin.ledgers.models import SupervisionTarget
from fupin.ledgers.views.common import require_perm, today
from fupin.registry.models import Household, Member


@login_required
def target_list(request):
    require_perm(request.user, "ledgers.view_item")
    qs = SupervisionTarget.objects.visible_to(request.user).select_related("household", "member")
    filterset = SupervisionTargetFilter(request.GET or None, queryset=qs)
    page = paginate(request, filterset.qs.order_by("deadline", "id"), 50)
    return render(
        request,
        "ledgers/supervision_list.html",
        {
            "filter": filterset,
            "page": page,
            "today": today(),
            "board": queries.supervision_board(qs, today()),
            "can_add": request.user.has_scoped_perm("ledgers.manage_supervision"),
        },
    )


@login_required
def target_create(request):
    require_perm(request.user, "ledgers.manage_supervision")
    form = SupervisionTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number, id_number = data.pop("household_number"), data.pop("member_id_number")
        try:
            if number:
                data["household"] = Household.objects.visible_to(request.user).filter(number=number).first()
                if data["household"] is None:
                    raise DomainError(_("户编号不存在或不在您的范围内。"), field="household_number")
            if id_number:
                data["member"] = Member.objects.visible_to(request.user).with_id_number(id_number).first()
                if data["member"] is None:
                    raise DomainError(_("人员不存在或不在您的范围内。"), field="member_id_number")
            target = service.add_target(by=request.user, **data)
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            return redirect("ledgers:supervision_detail", pk=target.pk)
    return render(request, "ledgers/supervision_form.html", {"form": form})


@login_required
def target_detail(request, pk):
    target = get_object_for_user(
        SupervisionTarget.objects.select_related("household", "member"), request.user, pk=pk
    )
    return render(
        request,
        "ledgers/supervision_detail.html",
        {
            "target": target,
            "checkins": target.checkins.select_related("by"),
            "form": CheckinForm(),
            "today": today(),
            "can_change": request.user.has_scoped_perm("ledgers.change_item", target.region_code),
        },
    )


@login_required
@require_POST
def target_checkin(request, pk):
    target = get_object_for_user(SupervisionTarget, request.user, pk=pk)
    form = CheckinForm(request.POST)
    if form.is_valid():
        try:
            service.check_in(target, by=request.user, **form.cleaned_data)
            messages.success(request, _("走访已登记。"))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("请完整填写走访情况。"))
    return redirect("ledgers:supervision_detail", pk=pk)


@login_required
@require_POST
def target_done(request, pk):
    target = get_object_for_user(SupervisionTarget, request.user, pk=pk)
    try:
        service.mark_done(target, by=request.user, version=int(request.POST.get("version", 0)))
        messages.success(request, _("已标记完成。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("ledgers:supervision_detail", pk=pk)
