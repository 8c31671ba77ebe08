"""Pages of the training app."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import form_page, versioned_update
from fupin.core.listing import Col, form_above, list_page, region_column, save_from_list
from fupin.core.page_links import links_for, url_of
from fupin.core.views import get_object_for_user, require_perm, run_action
from fupin.employment.queries import laborers_visible_to
from fupin.training import filters, forms, queries, services
from fupin.training.models import Enrollment, TrainingClass, TrainingWillingness

VIEW, CHANGE = "training.view_class", "training.change_class"
TABS = "training/includes/_tabs.html"
_detail_url = url_of("training:class_detail", lambda cls: cls.pk)


def require(user, permission=VIEW):
    require_perm(user, permission)


@login_required
def home(request):
    require(request.user)
    return render(
        request,
        "training/home.html",
        {
            "coverage": queries.coverage(request.user),
            "spending": queries.spending(request.user),
            "classes": TrainingClass.objects.visible_to(request.user)
            .select_related("program")
            .annotate(n=Count("enrollments"))[:10],
        },
    )


@login_required
def class_list(request):
    require(request.user)
    qs = (
        TrainingClass.objects.visible_to(request.user)
        .select_related("program")
        .annotate(n=Count("enrollments"), done=Count("enrollments", filter=Q(enrollments__completed=True)))
    )
    cols = [
        Col(_("班次名称"), lambda o: o.name, 24, "name", _detail_url),
        Col(_("培训项目"), lambda o: o.program.name, 10, "program__name"),
        Col(_("培训方式"), lambda o: o.get_mode_display(), 8, "mode"),
        Col(_("培训地点"), lambda o: o.place, 16),
        region_column(),
        Col(_("开班日期"), lambda o: o.starts_on, 12, "starts_on"),
        Col(_("结业日期"), lambda o: o.ends_on, 12, "ends_on"),
        Col(_("学员"), lambda o: o.n, 6, "n", num=True),
        Col(_("结业"), lambda o: o.done, 6, "done", num=True),
        Col(_("培训经费(元)"), lambda o: o.cost, 10, "cost", num=True),
    ]
    actions = links_for(request.user, CHANGE, ("training:class_create", _("开设培训班")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.TrainingClassFilter,
        columns=cols,
        title=gettext_lazy("培训班"),
        filename="training-classes",
        audit_action="training.trainingclass.exported",
        default_sort="-starts_on",
        tabs=TABS,
        context={"actions": actions},
    )


@login_required
def class_create(request):
    require(request.user, CHANGE)
    return form_page(
        request,
        forms.TrainingClassForm(request.POST or None),
        lambda data: services.open_class(by=request.user, **data),
        success=_("培训班已开设。"),
        title=_("开设培训班"),
        next_url=_detail_url,
        template="training/form.html",
    )


@login_required
def class_detail(request, pk):
    require(request.user)
    cls = get_object_for_user(TrainingClass.objects.select_related("program"), request.user, pk=pk)
    enroll_form = forms.EnrollForm(request.POST if request.POST.get("action") == "enroll" else None)
    if request.method == "POST":
        require(request.user, CHANGE)
        if request.POST.get("action") == "attendance":
            form, save = forms.AttendanceForm(request.POST), _record_attendance
        else:
            form, save = enroll_form, _enroll
        invalid = _("请检查填写的内容。")
        run_action(request, form, lambda data: save(request.user, cls, data), _("已保存。"), invalid)
        return redirect("training:class_detail", pk=pk)
    return render(
        request,
        "training/class_detail.html",
        {
            "cls": cls,
            "figures": queries.class_figures(cls),
            "enroll_form": enroll_form,
            "enrollments": cls.enrollments.visible_to(request.user).select_related("laborer"),
            "can_change": request.user.has_scoped_perm(CHANGE, cls.region_code),
        },
    )


def _enroll(user, cls, data):
    laborer = get_object_for_user(laborers_visible_to(user), user, pk=data["laborer"])
    return services.enroll(cls, by=user, laborer=laborer)


def _record_attendance(user, cls, data):
    enrollment = get_object_for_user(Enrollment, user, pk=data["enrollment"], training_class=cls)
    update = versioned_update(
        services.record_attendance, enrollment, by=user, fields=services.ENROLLMENT_FIELDS
    )
    return update(data)


@login_required
def willingness_list(request):
    require(request.user)
    if request.method == "POST":
        return _record_willingness(request)
    qs = (
        TrainingWillingness.objects.visible_to(request.user)
        .select_related("laborer")
        .annotate(trained=Exists(Enrollment.objects.filter(laborer_id=OuterRef("laborer_id"))))
    )
    cols = [
        Col(_("姓名"), lambda o: o.laborer.name, 10, "laborer__name"),
        region_column(),
        Col(_("有培训意愿"), lambda o: _("是") if o.willing else _("否"), 8, "willing"),
        Col(_("意向项目"), lambda o: o.get_program_kind_display(), 10, "program_kind"),
        Col(_("已参加培训"), lambda o: _("是") if o.trained else _("否"), 8, "trained"),
        Col(_("登记日期"), lambda o: o.recorded_on, 12, "recorded_on"),
    ]
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.WillingnessFilter,
        columns=cols,
        title=gettext_lazy("培训意愿"),
        filename="training-willingness",
        audit_action="training.trainingwillingness.exported",
        default_sort="region_code",
        tabs=TABS,
        context=form_above(request, forms.WillingnessForm, _("登记培训意愿"), permission=CHANGE),
    )


def _record_willingness(request):
    def record(data):
        laborer = get_object_for_user(laborers_visible_to(request.user), request.user, pk=data["laborer"])
        return services.record_willingness(
            laborer, by=request.user, willing=data["willing"], program_kind=data["program_kind"]
        )

    return save_from_list(
        request,
        forms.WillingnessForm(request.POST),
        record,
        lambda row: _("已登记 %(n)s 的培训意愿。") % {"n": row.laborer.name},
        permission=CHANGE,
        invalid=_("请填写劳动力编号。"),
    )
