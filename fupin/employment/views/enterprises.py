"""Enterprises, their vacancies, and poverty workshops."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import record_page, versioned_update
from fupin.core.listing import Col, field_columns
from fupin.core.page_links import links_for
from fupin.core.text import join_list
from fupin.core.views import get_object_for_user, requires
from fupin.employment import filters, forms, queries
from fupin.employment.choices import PLACED_STAGES
from fupin.employment.models import Enterprise, Referral, Vacancy
from fupin.employment.services import enterprises
from fupin.employment.views.common import (
    CHANGE,
    REGION_CODE,
    VIEW,
    enterprise_column,
    form_page,
    list_page,
    url,
)


def _flags(o):
    names = [
        (o.poverty_related, _("涉扶贫")),
        (o.is_workshop, _("扶贫车间")),
        (o.is_studio, _("扶贫工作坊")),
        (o.is_base, _("就业安置基地")),
        (o.is_leading, _("龙头企业")),
    ]
    return join_list(str(label) for on, label in names if on)


_enterprise_page = url("employment:enterprise_detail", lambda ent: ent.pk)
NAME_LINK = {"name": _enterprise_page}  # the enterprise's name, linked to its page


@requires(VIEW)
def enterprise_list(request):
    cols = field_columns(
        Enterprise,
        "name credit_code region_code industry",
        Col(_("类型"), _flags, 20),
        "resumption resumed_on",
        Col(_("吸纳贫困人口(人)"), lambda o: o.poor_employed, 10, "poor_employed", num=True),
        "contact_name",
        links=NAME_LINK,
        headers=REGION_CODE,
    )
    actions = links_for(request.user, CHANGE, ("employment:enterprise_create", _("登记企业")))
    return list_page(
        request,
        queryset=Enterprise.objects.visible_to(request.user),
        filterset_class=filters.EnterpriseFilter,
        columns=cols,
        title=gettext_lazy("企业"),
        filename="enterprises",
        default_sort="name",
        context={
            "actions": actions,
            "above": "employment/includes/_resumption.html",
            "resumption": queries.resumption(request.user),
        },
    )


@requires(CHANGE)
def enterprise_create(request):
    def register(data):
        return enterprises.register_enterprise(
            by=request.user, **{k: data[k] for k in enterprises.ENTERPRISE_FIELDS}
        )

    return form_page(
        request,
        forms.EnterpriseForm(request.POST or None),
        register,
        success=_("企业已登记。"),
        title=_("登记企业"),
        next_url=_enterprise_page,
    )


@requires(VIEW)
def enterprise_detail(request, pk):
    ent = get_object_for_user(Enterprise, request.user, pk=pk)
    can_change = request.user.has_scoped_perm(CHANGE, ent.region_code)
    form = forms.EnterpriseForm(request.POST or None, instance=ent, initial={"version": ent.version})
    update = versioned_update(
        enterprises.update_enterprise, ent, by=request.user, fields=enterprises.ENTERPRISE_FIELDS
    )
    placed = Referral.objects.filter(vacancy__enterprise=ent, stage__in=PLACED_STAGES).select_related(
        "laborer", "vacancy"
    )
    return record_page(
        request,
        form,
        update,
        success=_("企业信息已保存。"),
        save=can_change,
        template="employment/enterprise_detail.html",
        context={
            "ent": ent,
            "can_change": can_change,
            "vacancies": ent.vacancies.all(),
            "placed": placed,
            "officers": ent.officers.all(),
        },
    )


@requires(CHANGE)
def vacancy_create(request, pk):
    ent = get_object_for_user(Enterprise, request.user, pk=pk)
    form = forms.VacancyForm(
        request.POST or None, initial={"region_code": ent.region_code, "industry": ent.industry}
    )

    def post(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return enterprises.post_vacancy(by=request.user, enterprise=ent, **values)

    return form_page(
        request,
        form,
        post,
        success=_("岗位需求已发布。"),
        title=_("发布岗位需求：%(e)s") % {"e": ent},
        next_url=url("employment:enterprise_detail", ent.pk),
    )


@requires(VIEW)
def vacancy_list(request):
    cols = field_columns(
        Vacancy,
        enterprise_column(),
        "post seats",
        Col(_("月薪"), lambda o: f"{o.wage_min}–{o.wage_max}", 12, "wage_max"),
        "region_code industry skills start_date",
        Col(
            _("食宿/交通"),
            lambda o: " ".join(
                x for x in (_("包住") if o.housing else "", _("接送") if o.transport else "") if x
            ),
            10,
        ),
        Col(_("24小时调度"), lambda o: f"{o.deadline_hours}h" if o.urgent else "", 8, "urgent"),
        "status",
        headers={"region_code": _("工作地")},
    )
    return list_page(
        request,
        queryset=Vacancy.objects.visible_to(request.user).select_related("enterprise"),
        filterset_class=filters.VacancyFilter,
        columns=cols,
        title=gettext_lazy("岗位需求"),
        filename="vacancies",
        default_sort="-urgent",
    )


@requires(VIEW)
def workshop_list(request):
    """Poverty workshops, studios and employment bases with the poor people they employ (R2.7)."""
    qs = Enterprise.objects.visible_to(request.user).filter(
        Q(is_workshop=True) | Q(is_studio=True) | Q(is_base=True)
    )
    qs = qs.annotate(
        placed=Count("vacancies__referrals", filter=Q(vacancies__referrals__stage__in=PLACED_STAGES))
    )
    cols = field_columns(
        Enterprise,
        "name",
        Col(_("类型"), _flags, 20),
        "region_code",
        Col(_("吸纳贫困人口(企业报告)"), lambda o: o.poor_employed, 12, "poor_employed", num=True),
        Col(_("经推荐上岗(人)"), lambda o: o.placed, 10, "placed", num=True),
        "resumption",
        links=NAME_LINK,
        headers=REGION_CODE,
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.EnterpriseFilter,
        columns=cols,
        title=gettext_lazy("扶贫车间与就业安置基地"),
        filename="workshops",
        audit_action="employment.workshop.exported",
        default_sort="-poor_employed",
    )
