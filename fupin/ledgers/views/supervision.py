"""Supervision (挂牌督战) pages: the board against plan targets, the list, one target with its plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.display import region_name
from fupin.core.errors import DomainError
from fupin.core.listing import Col, list_page
from fupin.core.views import add_domain_error, get_object_for_user, run_action
from fupin.ledgers import queries
from fupin.ledgers import supervision as service
from fupin.ledgers.filters import SupervisionTargetFilter
from fupin.ledgers.forms import CheckinForm, SupervisionTargetForm
from fupin.ledgers.models import SupervisionTarget
from fupin.ledgers.views.common import require_perm, today
from fupin.registry import queries as registry_queries


def _target_name(target):
    return " ".join(
        str(x)
        for x in (
            target.get_kind_display(),
            target.household and target.household.number,
            target.member and target.member.name,
        )
        if x
    )


def _target_columns():
    return [
        Col("#", lambda t: t.pk, 8, sort="id"),
        Col(_("类别"), lambda t: t.get_group_display(), 12, sort="group"),
        Col(_("对象"), _target_name, 24),
        Col(_("地区"), lambda t: region_name(t.region_code), 14, sort="region_code"),
        Col(_("市级挂钩工作组"), lambda t: t.city_work_group, 18),
        Col(_("村(居)责任人"), lambda t: t.village_person, 12),
        Col(_("计划资金"), lambda t: t.plan_money, 12, sort="plan_money"),
        Col(_("督战时限"), lambda t: t.deadline, 12, sort="deadline"),
        Col(_("完成"), lambda t: t.done_on, 12, sort="done_on"),
    ]


@login_required
def target_list(request):
    require_perm(request.user, "ledgers.view_item")
    qs = SupervisionTarget.objects.visible_to(request.user).select_related("household", "member")
    return list_page(
        request,
        queryset=qs,
        filterset_class=SupervisionTargetFilter,
        columns=_target_columns(),
        default_sort=("deadline", "id"),
        title=_("挂牌督战"),
        filename="supervision",
        audit_action="ledgers.supervisiontarget.exported",
        template="ledgers/supervision_list.html",
        context={
            "today": today(),
            "board": queries.supervision_board(qs, today()),
            "can_add": request.user.has_scoped_perm("ledgers.manage_supervision"),
        },
    )


@login_required
def target_create(request):
    require_perm(request.user, "ledgers.manage_supervision")
    form = SupervisionTargetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number, id_number = data.pop("household_number"), data.pop("member_id_number")
        try:
            if number:
                data["household"] = (
                    registry_queries.households_visible_to(request.user).filter(number=number).first()
                )
                if data["household"] is None:
                    raise DomainError(_("户编号不存在或不在您的范围内。"), field="household_number")
            if id_number:
                data["member"] = (
                    registry_queries.members_visible_to(request.user).with_id_number(id_number).first()
                )
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
    run_action(
        request,
        CheckinForm(request.POST),
        lambda d: service.check_in(target, by=request.user, **d),
        _("走访已登记。"),
        invalid=_("请完整填写走访情况。"),
    )
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
