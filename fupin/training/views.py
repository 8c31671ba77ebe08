"""Pages of the training app."""

import functools

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import form_page, versioned_update
from fupin.core.listing import Col, field_columns, form_above, save_from_list
from fupin.core.listing import list_page as scoped_list_page
from fupin.core.page_links import links_for, url_of
from fupin.core.views import get_object_for_user, require_perm, requires, run_action
from fupin.employment.queries import laborers_visible_to
from fupin.training import filters, forms, queries, services
from fupin.training.models import Enrollment, TrainingClass, TrainingWillingness

VIEW, CHANGE = "training.view_class", "training.change_class"
TABS = "training/includes/_tabs.html"
list_page = functools.partial(scoped_list_page, tabs=TABS)
_detail_url = url_of("training:class_detail", lambda cls: cls.pk)


@requires(VIEW)
def home(request):
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


@requires(VIEW)
def class_list(request):
    qs = (
        TrainingClass.objects.visible_to(request.user)
        .select_related("program")
        .annotate(n=Count("enrollments"), done=Count("enrollments", filter=Q(enrollments__completed=True)))
    )
    cols = field_columns(
        TrainingClass,
        "name",
        Col(_("培训项目"), lambda o: o.program.name, 10, "program__name"),
        "mode place region_code starts_on ends_on",
        Col(_("学员"), lambda o: o.n, 6, "n", num=True),
        Col(_("结业"), lambda o: o.done, 6, "done", num=True),
        "cost",
        links={"name": _detail_url},
    )
    actions = links_for(request.user, CHANGE, ("training:class_create", _("开设培训班")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.TrainingClassFilter,
        columns=cols,
        title=gettext_lazy("培训班"),
        filename="training-classes",
        default_sort="-starts_on",
        context={"actions": actions},
    )


@requires(CHANGE)
def class_create(request):
    return form_page(
        request,
        forms.TrainingClassForm(request.POST or None),
        lambda data: services.open_class(by=request.user, **data),
        success=_("培训班已开设。"),
        title=_("开设培训班"),
        next_url=_detail_url,
        tabs=TABS,
    )


@requires(VIEW)
def class_detail(request, pk):
    cls = get_object_for_user(TrainingClass.objects.select_related("program"), request.user, pk=pk)
    enroll_form = forms.EnrollForm(request.POST if request.POST.get("action") == "enroll" else None)
    if request.method == "POST":
        require_perm(request.user, CHANGE)
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


@requires(VIEW)
def willingness_list(request):
    if request.method == "POST":
        return _record_willingness(request)
    qs = (
        TrainingWillingness.objects.visible_to(request.user)
        .select_related("laborer")
        .annotate(trained=Exists(Enrollment.objects.filter(laborer_id=OuterRef("laborer_id"))))
    )
    cols = field_columns(
        TrainingWillingness,
        "laborer__name region_code willing program_kind",
        Col(_("已参加培训"), lambda o: _("是") if o.trained else _("否"), 8, "trained"),
        "recorded_on",
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.WillingnessFilter,
        columns=cols,
        title=gettext_lazy("培训意愿"),
        filename="training-willingness",
        default_sort="region_code",
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
