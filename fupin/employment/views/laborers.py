"""Laborer profiles and survey rounds (摸查)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.form_pages import import_page, record_page, versioned_update
from fupin.core.listing import Col, field_columns
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, require_perm, requires
from fupin.employment import filters, forms, importers
from fupin.employment.models import Laborer, SurveyRound
from fupin.employment.services import laborers
from fupin.employment.views.common import CHANGE, REGION_CODE, VIEW, list_page, url


@requires(VIEW)
def laborer_list(request):
    cols = field_columns(
        Laborer,
        "name region_code work_status work_area employer desired_industries expected_wage skills available_from",
        links={"name": url("employment:laborer_detail", lambda o: o.pk)},
        headers=REGION_CODE,
    )
    actions = links_for(
        request.user,
        CHANGE,
        ("employment:survey_import", _("导入摸查表")),
        ("employment:survey_list", _("摸查轮次")),
    )
    post_actions = links_for(
        request.user, CHANGE, ("employment:laborer_generate", _("从建档立卡生成劳动力档案"))
    )
    return list_page(
        request,
        queryset=Laborer.objects.visible_to(request.user),
        filterset_class=filters.LaborerFilter,
        columns=cols,
        title=gettext_lazy("贫困劳动力"),
        filename="laborers",
        default_sort="region_code",
        context={"actions": actions, "post_actions": post_actions},
    )


@requires(VIEW)
def laborer_detail(request, pk):
    laborer = get_object_for_user(Laborer, request.user, pk=pk)
    form = forms.LaborerForm(request.POST or None, instance=laborer, initial={"version": laborer.version})
    return record_page(
        request,
        form,
        versioned_update(laborers.update_laborer, laborer, by=request.user, fields=laborers.LABORER_FIELDS),
        success=_("劳动力信息已保存。"),
        template="employment/laborer_detail.html",
        context={
            "laborer": laborer,
            "can_change": request.user.has_scoped_perm(CHANGE, laborer.region_code),
            "referrals": laborer.referrals.select_related("vacancy__enterprise"),
            "records": laborer.survey_records.select_related("round").order_by("-round__surveyed_on"),
        },
    )


@login_required
@require_POST
def laborer_generate(request):
    require_perm(request.user, CHANGE)
    try:
        n = sum(
            laborers.create_laborers_from_registry(by=request.user, region_code=p)
            for p in request.user.prefixes_for(CHANGE)
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已生成劳动力档案 %(n)d 条。") % {"n": n})
    return redirect("employment:laborer_list")


@requires(VIEW)
def survey_list(request):
    cols = [
        Col(_("名称"), lambda o: o.name, 20, "name"),
        Col(_("摸查日期"), lambda o: o.surveyed_on, 12, "surveyed_on"),
        Col(_("范围"), lambda o: o.region_code, 14),
        Col(_("人数"), lambda o: o.n, 8, num=True),
    ]
    qs = SurveyRound.objects.visible_to(request.user).annotate(n=Count("records"))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.SurveyRoundFilter,
        columns=cols,
        title=gettext_lazy("摸查轮次"),
        filename="survey-rounds",
        default_sort="-surveyed_on",
    )


def _record_survey(user, table, data):
    """The parsed rows of a survey file recorded as one round (none when a row is wrong)."""
    parsed = importers.parse_survey(table, importers.laborers_for(user))
    if not parsed.errors and not parsed.rows:
        parsed.errors = [(2, "", _("没有数据行。"))]
    if parsed.errors:
        return parsed
    home = user.home_region
    rnd = laborers.record_survey(
        by=user,
        name=data["name"],
        surveyed_on=data["surveyed_on"],
        region_code=home.code if home else parsed.rows[0]["laborer"].region_code,
        rows=parsed.rows,
        source=f"import:{data['file'].name}"[:128],
    )
    parsed.created = rnd.records.count()
    return parsed


@requires(CHANGE)
def survey_import(request):
    return import_page(
        request,
        forms.SurveyImportForm(request.POST or None, request.FILES or None),
        lambda table, data: _record_survey(request.user, table, data),
        success=lambda n: _("已导入摸查记录 %(n)d 条。") % {"n": n},
        next_url="employment:survey_list",
        template="employment/survey_import.html",
    )
