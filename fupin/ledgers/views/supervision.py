"""Supervision (挂牌督战) pages: the board against plan targets, the list (exported in the 台账 form), one
target with its plan, check-ins, renovations, payments and the town's review of its completion."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.audit import queries as audit_queries
from fupin.core.display import region_name
from fupin.core.errors import DomainError
from fupin.core.listing import Col, list_page
from fupin.core.views import get_object_for_user, requires, run_action, save_form
from fupin.ledgers import exporters, payments, queries
from fupin.ledgers import supervision as service
from fupin.ledgers.choices import SupervisionGroup
from fupin.ledgers.filters import SupervisionTargetFilter
from fupin.ledgers.forms import (
    CheckinForm,
    DoneRequestForm,
    RenovationAcceptForm,
    RenovationForm,
    ReviewForm,
    SupervisionPlanForm,
    SupervisionTargetForm,
)
from fupin.ledgers.models import SupervisionTarget
from fupin.ledgers.views.common import decide, household_numbered, require_perm, today
from fupin.ledgers.workflow import holds_level_above
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
        Col(_("人数"), lambda t: t.people, 8, sort="people", num=True),
        Col(_("计划资金"), lambda t: t.plan_money, 12, sort="plan_money"),
        Col(_("督战时限"), lambda t: t.deadline, 12, sort="deadline"),
        Col(_("完成情况"), lambda t: t.done_status.label, 12),
        Col(_("完成"), lambda t: t.done_on, 12, sort="done_on"),
    ]


@requires("ledgers.view_item")
def target_list(request):
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
        export=lambda qs, fmt: exporters.export_targets(request, qs, fmt=fmt),
        context={
            "today": today(),
            "board": queries.supervision_board(qs, today()),
            "can_add": request.user.has_scoped_perm("ledgers.manage_supervision"),
        },
    )


@requires("ledgers.manage_supervision")
def target_create(request):
    form = SupervisionTargetForm(request.POST or None, user=request.user)

    def add(data):
        data = dict(data)
        number, id_number = data.pop("household_number"), data.pop("member_id_number")
        if number:
            data["household"] = household_numbered(request.user, number)
        if id_number:
            data["member"] = (
                registry_queries.members_visible_to(request.user).with_id_number(id_number).first()
            )
            if data["member"] is None:
                raise DomainError(_("人员不存在或不在您的范围内。"), field="member_id_number")
        return service.add_target(by=request.user, **data)

    target = save_form(request, form, add, None)
    if target is not None:
        return redirect("ledgers:supervision_detail", pk=target.pk)
    return render(request, "ledgers/supervision_form.html", {"form": form})


@login_required
def target_detail(request, pk):
    target = get_object_for_user(
        SupervisionTarget.objects.select_related("household", "member", "reviewed_by"), request.user, pk=pk
    )
    can_change = request.user.has_scoped_perm("ledgers.change_item", target.region_code)
    return render(
        request,
        "ledgers/supervision_detail.html",
        {
            "target": target,
            "checkins": target.checkins.select_related("by"),
            "renovations": target.renovations.select_related("by"),
            "payments": payments.payments_to_household(target.household_id) if target.household_id else [],
            "paid": queries.money_paid(SupervisionTarget.objects.filter(pk=target.pk), target.group),
            "history": audit_queries.history("ledgers.supervisiontarget", target.pk),
            "form": CheckinForm(),
            "renovation_form": RenovationForm(),
            "accept_form": RenovationAcceptForm(),
            "review_form": ReviewForm(initial={"version": target.version}),
            "today": today(),
            "can_change": can_change and not target.done,
            "can_review": holds_level_above(request.user, service.REVIEW, target.region_code),
            "is_housing": target.group == SupervisionGroup.HOUSING and target.household_id,
        },
    )


@login_required
def target_edit(request, pk):
    """Edit the plan (一户一策) after its creation; a stale version is refused with a message."""
    target = get_object_for_user(SupervisionTarget, request.user, pk=pk)
    require_perm(request.user, "ledgers.change_item")
    form = SupervisionPlanForm(request.POST or None, instance=target, initial={"version": target.version})
    saved = save_form(
        request,
        form,
        lambda d: service.update_plan(
            target, by=request.user, version=d["version"], **{k: d[k] for k in service.PLAN_FIELDS}
        ),
        _("帮扶计划已保存。"),
    )
    if saved:
        return redirect("ledgers:supervision_detail", pk=pk)
    return render(request, "ledgers/supervision_edit.html", {"form": form, "target": target})


def _act_on_target(request, pk, form, action, success, invalid=None):
    """The POST of a button on a target's page: the form goes to `action(target, data)` through
    `run_action`, then back to the target."""
    target = get_object_for_user(SupervisionTarget.objects.select_related("household"), request.user, pk=pk)
    run_action(request, form, lambda d: action(target, d), success, invalid)
    return redirect("ledgers:supervision_detail", pk=pk)


def _target_button(form_class, service_call, success, invalid=None):
    """The page of a button on a target's page whose form's data all go to `service_call(target, by=user,
    **data)`."""

    @login_required
    @require_POST
    def page(request, pk):
        return _act_on_target(
            request,
            pk,
            form_class(request.POST),
            lambda target, d: service_call(target, by=request.user, **d),
            success,
            invalid,
        )

    return page


target_checkin = _target_button(
    CheckinForm,
    service.check_in,
    gettext_lazy("走访已登记。"),
    gettext_lazy("请完整填写走访情况。"),
)
# The village reports the target done; the town reviews it.
target_done = _target_button(
    DoneRequestForm, service.request_done, gettext_lazy("已申报完成，待镇(街)审核。")
)
renovation_add = _target_button(
    RenovationForm, service.record_renovation, gettext_lazy("危房改造记录已登记。")
)

REVIEWS = {
    "accept": (service.accept_done, gettext_lazy("已审核通过，督战对象完成。")),
    "return": (service.return_done, gettext_lazy("已退回。")),
}


@login_required
@require_POST
def target_review(request, pk, decision):
    """The town accepts or returns the village's completion report."""
    if decision not in REVIEWS:
        raise Http404
    action, success = REVIEWS[decision]
    return _act_on_target(
        request, pk, ReviewForm(request.POST), decide(action, decision, request.user), success
    )


@login_required
@require_POST
def renovation_accept(request, pk, renovation_pk):
    target = get_object_for_user(SupervisionTarget, request.user, pk=pk)
    renovation = get_object_or_404(target.renovations, pk=renovation_pk)
    run_action(
        request,
        RenovationAcceptForm(request.POST),
        lambda d: service.accept_renovation(renovation, by=request.user, **d),
        _("已登记竣工验收。"),
    )
    return redirect("ledgers:supervision_detail", pk=pk)
