"""Pages of the training app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.display import region_name
from fupin.core.errors import DomainError
from fupin.core.form_pages import form_page
from fupin.core.listing import Col, list_page
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, require_perm
from fupin.employment.queries import laborers_visible_to
from fupin.training import filters, forms, queries, services
from fupin.training.models import Enrollment, TrainingClass, TrainingWillingness

VIEW, CHANGE = "training.view_class", "training.change_class"
TABS = "training/includes/_tabs.html"


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
        Col(
            _("班次名称"),
            lambda o: o.name,
            24,
            "name",
            lambda o: reverse("training:class_detail", args=[o.pk]),
        ),
        Col(_("培训项目"), lambda o: o.program.name, 10, "program__name"),
        Col(_("培训方式"), lambda o: o.get_mode_display(), 8, "mode"),
        Col(_("培训地点"), lambda o: o.place, 16),
        Col(_("地区"), lambda o: region_name(o.region_code), 14, "region_code"),
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
        context={"actions": actions, "tabs": TABS},
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
        next_url=lambda cls: reverse("training:class_detail", args=[cls.pk]),
        template="training/form.html",
    )


@login_required
def class_detail(request, pk):
    require(request.user)
    cls = get_object_for_user(TrainingClass.objects.select_related("program"), request.user, pk=pk)
    enroll_form = forms.EnrollForm(request.POST if request.POST.get("action") == "enroll" else None)
    attendance_form = forms.AttendanceForm(
        request.POST if request.POST.get("action") == "attendance" else None
    )
    if request.method == "POST":
        require(request.user, CHANGE)
        try:
            if enroll_form.is_bound and enroll_form.is_valid():
                laborer = get_object_for_user(
                    laborers_visible_to(request.user), request.user, pk=enroll_form.cleaned_data["laborer"]
                )
                services.enroll(cls, by=request.user, laborer=laborer)
            elif attendance_form.is_bound and attendance_form.is_valid():
                data = attendance_form.cleaned_data
                enrollment = get_object_for_user(
                    Enrollment, request.user, pk=data["enrollment"], training_class=cls
                )
                services.record_attendance(
                    enrollment,
                    by=request.user,
                    version=data["version"],
                    attended_days=data["attended_days"],
                    completed=data["completed"],
                    certificate=data["certificate"],
                )
            else:
                raise DomainError(_("请检查填写的内容。"))
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已保存。"))
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
        Col(_("地区"), lambda o: region_name(o.region_code), 14, "region_code"),
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
        context={
            "tabs": TABS,
            "above": "training/includes/_willingness_form.html",
            "willingness_form": forms.WillingnessForm() if request.user.has_scoped_perm(CHANGE) else None,
        },
    )


def _record_willingness(request):
    require(request.user, CHANGE)
    form = forms.WillingnessForm(request.POST)
    if form.is_valid():
        laborer = get_object_for_user(
            laborers_visible_to(request.user), request.user, pk=form.cleaned_data["laborer"]
        )
        try:
            services.record_willingness(
                laborer,
                by=request.user,
                willing=form.cleaned_data["willing"],
                program_kind=form.cleaned_data["program_kind"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已登记 %(n)s 的培训意愿。") % {"n": laborer.name})
    else:
        messages.error(request, _("请填写劳动力编号。"))
    return redirect("training:willingness_list")
