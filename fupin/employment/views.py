"""Pages of the employment app: thin views over queries (reads) and services (writes)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import Col
from fupin.core.listing import list_page as scoped_list_page
from fupin.core.text import join_list
from fupin.core.views import add_domain_error, get_object_for_user, require_perm, save_form
from fupin.employment import filters, forms, importers, jobs, queries, services
from fupin.employment.choices import PLACED_STAGES, ProposalStatus, ReferralStage
from fupin.employment.models import (
    Enterprise,
    Laborer,
    MatchBatch,
    MatchProposal,
    PublicWelfarePost,
    Referral,
    SubsidyApplication,
    SurveyRound,
    Vacancy,
)
from fupin.jobs.models import Job, JobStatus
from fupin.jobs.services import live_state

VIEW, CHANGE, RUN, APPROVE = (
    "employment.view_laborer",
    "employment.change_laborer",
    "employment.run_matching",
    "employment.approve_subsidy",
)


TABS = "employment/includes/_tabs.html"
list_page = functools.partial(scoped_list_page, tabs=TABS)


def require(user, permission=VIEW):
    require_perm(user, permission)


def url(name, *args):
    return lambda obj: reverse(name, args=[a(obj) if callable(a) else a for a in args])


def yes(value):
    return _("是") if value else ""


@login_required
def home(request):
    require(request.user)
    return render(
        request,
        "employment/home.html",
        {"b": queries.board(request.user), "can_run": request.user.has_scoped_perm(RUN)},
    )


# --- laborers ----------------------------------------------------------------------------------


@login_required
def laborer_list(request):
    require(request.user)
    cols = [
        Col(_("姓名"), lambda o: o.name, 10, "name", url("employment:laborer_detail", lambda o: o.pk)),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("就业状态"), lambda o: o.get_work_status_display(), 10, "work_status"),
        Col(_("务工区域"), lambda o: o.get_work_area_display(), 10),
        Col(_("务工单位"), lambda o: o.employer, 20),
        Col(_("意向行业"), lambda o: o.desired_industries, 10),
        Col(_("期望月薪(元)"), lambda o: o.expected_wage, 10, "expected_wage", num=True),
        Col(_("技能"), lambda o: o.skills, 20),
        Col(_("可上岗日期"), lambda o: o.available_from, 12, "available_from"),
    ]
    actions, post_actions = [], []
    if request.user.has_scoped_perm(CHANGE):
        actions = [
            {"url": reverse("employment:survey_import"), "label": _("导入摸查表")},
            {"url": reverse("employment:survey_list"), "label": _("摸查轮次")},
        ]
        post_actions = [
            {"url": reverse("employment:laborer_generate"), "label": _("从建档立卡生成劳动力档案")}
        ]
    return list_page(
        request,
        queryset=Laborer.objects.visible_to(request.user),
        filterset_class=filters.LaborerFilter,
        columns=cols,
        title=gettext_lazy("贫困劳动力"),
        filename="laborers",
        audit_action="employment.laborer.exported",
        default_sort="region_code",
        context={"actions": actions, "post_actions": post_actions},
    )


@login_required
def laborer_detail(request, pk):
    require(request.user)
    laborer = get_object_for_user(Laborer, request.user, pk=pk)
    form = forms.LaborerForm(request.POST or None, instance=laborer, initial={"version": laborer.version})

    def update(data):
        values = {k: data[k] for k in services.LABORER_FIELDS}
        return services.update_laborer(laborer, by=request.user, version=data["version"], **values)

    if save_form(request, form, update, _("劳动力信息已保存。")):
        return redirect("employment:laborer_detail", pk=pk)
    return render(
        request,
        "employment/laborer_detail.html",
        {
            "laborer": laborer,
            "form": form,
            "can_change": request.user.has_scoped_perm(CHANGE, laborer.region_code),
            "referrals": laborer.referrals.select_related("vacancy__enterprise"),
            "records": laborer.survey_records.select_related("round").order_by("-round__surveyed_on"),
        },
    )


@login_required
@require_POST
def laborer_generate(request):
    require(request.user, CHANGE)
    try:
        n = sum(
            services.create_laborers_from_registry(by=request.user, region_code=p)
            for p in request.user.prefixes_for(CHANGE)
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已生成劳动力档案 %(n)d 条。") % {"n": n})
    return redirect("employment:laborer_list")


@login_required
def survey_list(request):
    require(request.user)
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
        audit_action="employment.surveyround.exported",
    )


@login_required
def survey_import(request):
    require(request.user, CHANGE)
    form = forms.SurveyImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            table = importers.read_sheet(form.cleaned_data["file"])
        except DomainError as exc:  # refused by the upload gate (fupin.core.importing)
            table, errors = None, [(1, "", str(exc))]
        except Exception:
            table = None
            errors = [(1, "", _("无法读取该文件，请上传 .xlsx 或 .xls 文件。"))]
        if table is not None:
            parsed = importers.parse_survey(table, importers.laborers_for(request.user))
            errors = parsed.errors or ([] if parsed.rows else [(2, "", _("没有数据行。"))])
            if not errors:
                home = request.user.home_region
                rnd = services.record_survey(
                    by=request.user,
                    name=form.cleaned_data["name"],
                    surveyed_on=form.cleaned_data["surveyed_on"],
                    region_code=home.code if home else parsed.rows[0]["laborer"].region_code,
                    rows=parsed.rows,
                    source=f"import:{form.cleaned_data['file'].name}"[:128],
                )
                messages.success(request, _("已导入摸查记录 %(n)d 条。") % {"n": rnd.records.count()})
                return redirect("employment:survey_list")
    return render(request, "employment/survey_import.html", {"form": form, "errors": errors})


# --- enterprises and vacancies -----------------------------------------------------------------


def _flags(o):
    names = [
        (o.poverty_related, _("涉扶贫")),
        (o.is_workshop, _("扶贫车间")),
        (o.is_studio, _("扶贫工作坊")),
        (o.is_base, _("就业安置基地")),
        (o.is_leading, _("龙头企业")),
    ]
    return join_list(str(label) for on, label in names if on)


@login_required
def enterprise_list(request):
    require(request.user)
    cols = [
        Col(_("名称"), lambda o: o.name, 24, "name", url("employment:enterprise_detail", lambda o: o.pk)),
        Col(_("统一社会信用代码"), lambda o: o.credit_code, 22),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("行业"), lambda o: o.get_industry_display(), 14, "industry"),
        Col(_("类型"), _flags, 20),
        Col(_("复工复产"), lambda o: o.get_resumption_display(), 10, "resumption"),
        Col(_("复工日期"), lambda o: o.resumed_on, 12, "resumed_on"),
        Col(_("吸纳贫困人口(人)"), lambda o: o.poor_employed, 10, "poor_employed", num=True),
        Col(_("联系人"), lambda o: o.contact_name, 10),
    ]
    actions = (
        [{"url": reverse("employment:enterprise_create"), "label": _("登记企业")}]
        if request.user.has_scoped_perm(CHANGE)
        else []
    )
    return list_page(
        request,
        queryset=Enterprise.objects.visible_to(request.user),
        filterset_class=filters.EnterpriseFilter,
        columns=cols,
        title=gettext_lazy("企业"),
        filename="enterprises",
        audit_action="employment.enterprise.exported",
        default_sort="name",
        context={
            "actions": actions,
            "above": "employment/includes/_resumption.html",
            "resumption": queries.resumption(request.user),
        },
    )


@login_required
def enterprise_create(request):
    require(request.user, CHANGE)
    form = forms.EnterpriseForm(request.POST or None)
    ent = save_form(
        request,
        form,
        lambda data: services.register_enterprise(
            by=request.user, **{k: data[k] for k in services.ENTERPRISE_FIELDS}
        ),
        _("企业已登记。"),
    )
    if ent:
        return redirect("employment:enterprise_detail", pk=ent.pk)
    return render(request, "employment/form.html", {"form": form, "title": _("登记企业")})


@login_required
def enterprise_detail(request, pk):
    require(request.user)
    ent = get_object_for_user(Enterprise, request.user, pk=pk)
    can_change = request.user.has_scoped_perm(CHANGE, ent.region_code)
    form = forms.EnterpriseForm(request.POST or None, instance=ent, initial={"version": ent.version})
    if request.method == "POST" and can_change and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.ENTERPRISE_FIELDS}
        try:
            services.update_enterprise(ent, by=request.user, version=form.cleaned_data["version"], **data)
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.success(request, _("企业信息已保存。"))
            return redirect("employment:enterprise_detail", pk=pk)
    placed = Referral.objects.filter(vacancy__enterprise=ent, stage__in=PLACED_STAGES).select_related(
        "laborer", "vacancy"
    )
    return render(
        request,
        "employment/enterprise_detail.html",
        {
            "ent": ent,
            "form": form,
            "can_change": can_change,
            "vacancies": ent.vacancies.all(),
            "placed": placed,
        },
    )


@login_required
def vacancy_create(request, pk):
    require(request.user, CHANGE)
    ent = get_object_for_user(Enterprise, request.user, pk=pk)
    form = forms.VacancyForm(
        request.POST or None, initial={"region_code": ent.region_code, "industry": ent.industry}
    )

    def post(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return services.post_vacancy(by=request.user, enterprise=ent, **values)

    if save_form(request, form, post, _("岗位需求已发布。")):
        return redirect("employment:enterprise_detail", pk=ent.pk)
    return render(
        request, "employment/form.html", {"form": form, "title": _("发布岗位需求：%(e)s") % {"e": ent}}
    )


@login_required
def vacancy_list(request):
    require(request.user)
    cols = [
        Col(
            _("企业"),
            lambda o: o.enterprise.name,
            24,
            "enterprise__name",
            url("employment:enterprise_detail", lambda o: o.enterprise_id),
        ),
        Col(_("岗位"), lambda o: o.post, 14, "post"),
        Col(_("人数"), lambda o: o.seats, 6, "seats", num=True),
        Col(_("月薪"), lambda o: f"{o.wage_min}–{o.wage_max}", 12, "wage_max"),
        Col(_("工作地"), lambda o: o.region_code, 14, "region_code"),
        Col(_("行业"), lambda o: o.get_industry_display(), 14),
        Col(_("技能要求"), lambda o: o.skills, 16),
        Col(_("到岗日期"), lambda o: o.start_date, 12, "start_date"),
        Col(
            _("食宿/交通"),
            lambda o: " ".join(
                x for x in (_("包住") if o.housing else "", _("接送") if o.transport else "") if x
            ),
            10,
        ),
        Col(_("24小时调度"), lambda o: f"{o.deadline_hours}h" if o.urgent else "", 8, "urgent"),
        Col(_("状态"), lambda o: o.get_status_display(), 8, "status"),
    ]
    return list_page(
        request,
        queryset=Vacancy.objects.visible_to(request.user).select_related("enterprise"),
        filterset_class=filters.VacancyFilter,
        columns=cols,
        title=gettext_lazy("岗位需求"),
        filename="vacancies",
        audit_action="employment.vacancy.exported",
        default_sort="-urgent",
    )


@login_required
def workshop_list(request):
    """Poverty workshops, studios and employment bases with the poor people they employ (R2.7)."""
    require(request.user)
    qs = Enterprise.objects.visible_to(request.user).filter(
        Q(is_workshop=True) | Q(is_studio=True) | Q(is_base=True)
    )
    qs = qs.annotate(
        placed=Count("vacancies__referrals", filter=Q(vacancies__referrals__stage__in=PLACED_STAGES))
    )
    cols = [
        Col(_("名称"), lambda o: o.name, 24, "name", url("employment:enterprise_detail", lambda o: o.pk)),
        Col(_("类型"), _flags, 20),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("吸纳贫困人口(企业报告)"), lambda o: o.poor_employed, 12, "poor_employed", num=True),
        Col(_("经推荐上岗(人)"), lambda o: o.placed, 10, "placed", num=True),
        Col(_("复工复产"), lambda o: o.get_resumption_display(), 10, "resumption"),
    ]
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


# --- matching and referrals ----------------------------------------------------------------------


def _run_regions(user):
    from fupin.regions.models import Region

    return Region.objects.within_scope_of(user, RUN).filter(level__lte=4).order_by("code")[:300]


@login_required
def match_home(request):
    require(request.user)
    form = (
        forms.MatchRunForm(regions=_run_regions(request.user)) if request.user.has_scoped_perm(RUN) else None
    )
    batches = MatchBatch.objects.visible_to(request.user)[:20]
    runs = [live_state(job) for job in Job.objects.owned_by(request.user).filter(kind=jobs.KIND)[:5]]
    return render(request, "employment/match_home.html", {"form": form, "batches": batches, "runs": runs})


@login_required
@require_POST
def match_run(request):
    """Starts the matching as a background job and shows its progress page."""
    require(request.user, RUN)
    form = forms.MatchRunForm(request.POST, regions=_run_regions(request.user))
    if not form.is_valid():
        messages.error(request, _("请选择匹配范围。"))
        return redirect("employment:match_home")
    try:
        job = jobs.start_matching(by=request.user, scope_region=form.cleaned_data["region"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("employment:match_home")
    return redirect("employment:match_job", pk=job.pk)


@login_required
def match_job(request, pk):
    """A matching run: its progress while it runs (htmx reloads the page at the end), then its outcome."""
    require(request.user)
    job = jobs.matching_job_for(request.user, pk)
    batch = None
    batch_id = (job.result or {}).get("batch_id")
    if job.status == JobStatus.SUCCEEDED and batch_id:
        batch = MatchBatch.objects.visible_to(request.user).filter(pk=batch_id).first()
    return render(request, "employment/match_job.html", {"job": job, "batch": batch})


@login_required
def batch_detail(request, pk):
    require(request.user)
    batch = get_object_for_user(MatchBatch, request.user, pk=pk)
    proposals = (
        MatchProposal.objects.visible_to(request.user)
        .filter(batch=batch)
        .select_related("laborer", "vacancy__enterprise")
        .order_by("-score", "pk")
    )
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    from django.core.paginator import Paginator

    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/batch_detail.html",
        {"batch": batch, "page": page, "status": status, "can_change": request.user.has_scoped_perm(CHANGE)},
    )


@login_required
@require_POST
def proposal_decide(request, pk, decision):
    require(request.user, CHANGE)
    if decision not in ("confirm", "reject"):
        raise Http404
    proposal = get_object_for_user(MatchProposal, request.user, pk=pk)
    try:
        if decision == "confirm":
            services.confirm_proposal(proposal, by=request.user)
            messages.success(
                request, _("已确认推荐：%(l)s → %(v)s") % {"l": proposal.laborer, "v": proposal.vacancy}
            )
        else:
            services.reject_proposal(proposal, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("已驳回推荐。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("employment:batch_detail", args=[proposal.batch_id]) + f"#p{proposal.pk}")


def _next_label(o):
    step = services.next_step(o) if o.stage != ReferralStage.ENDED else None
    return ReferralStage(step[0]).label if step else ""


@login_required
def referral_list(request):
    require(request.user)
    cols = [
        Col(
            _("劳动力"),
            lambda o: o.laborer.name,
            10,
            "laborer__name",
            url("employment:laborer_detail", lambda o: o.laborer_id),
        ),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("企业"), lambda o: o.vacancy.enterprise.name, 22),
        Col(_("岗位"), lambda o: o.vacancy.post, 12),
        Col(_("进度"), lambda o: o.get_stage_display(), 10, "stage"),
        Col(_("推荐日期"), lambda o: o.referred_on, 12, "referred_on"),
        Col(_("面试日期"), lambda o: o.interviewed_on, 12),
        Col(_("上岗日期"), lambda o: o.placed_on, 12, "placed_on"),
        Col(_("满1个月"), lambda o: o.month1_on, 12),
        Col(_("满3个月"), lambda o: o.month3_on, 12),
        Col(_("省际劳务对接"), lambda o: yes(o.cross_region), 8),
        Col(_("下一步"), _next_label, 10, link=url("employment:referral_detail", lambda o: o.pk)),
    ]
    qs = Referral.objects.visible_to(request.user).select_related("laborer", "vacancy__enterprise")
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.ReferralFilter,
        columns=cols,
        title=gettext_lazy("推荐就业"),
        filename="referrals",
        audit_action="employment.referral.exported",
        default_sort="-referred_on",
    )


@login_required
def referral_detail(request, pk):
    require(request.user)
    referral = get_object_for_user(
        Referral.objects.select_related("laborer", "vacancy__enterprise"), request.user, pk=pk
    )
    form = forms.DateForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        require(request.user, CHANGE)
        try:
            if request.POST.get("action") == "end":
                services.end_referral(
                    referral,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                )
            else:
                services.advance_referral(
                    referral,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    on=form.cleaned_data["on"],
                )
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.success(request, _("推荐进度已更新。"))
            return redirect("employment:referral_detail", pk=pk)
    step = services.next_step(referral) if referral.stage != ReferralStage.ENDED else None
    return render(
        request,
        "employment/referral_detail.html",
        {
            "r": referral,
            "form": form,
            "next": ReferralStage(step[0]).label if step else None,
            "can_change": request.user.has_scoped_perm(CHANGE, referral.region_code),
        },
    )


# --- public-welfare posts and subsidies ---------------------------------------------------------


@login_required
def post_list(request):
    require(request.user)
    qs = PublicWelfarePost.objects.visible_to(request.user).annotate(
        held=Count("occupancies", filter=Q(occupancies__ended_on__isnull=True)),
        poor=Count(
            "occupancies", filter=Q(occupancies__ended_on__isnull=True, occupancies__laborer__isnull=False)
        ),
    )
    cols = [
        Col(_("岗位名称"), lambda o: o.name, 16, "name", url("employment:post_detail", lambda o: o.pk)),
        Col(_("类别"), lambda o: o.get_kind_display(), 10, "kind"),
        Col(_("临时性"), lambda o: yes(o.temporary), 6, "temporary"),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("岗位数"), lambda o: o.seats, 6, "seats", num=True),
        Col(_("在岗"), lambda o: o.held, 6, "held", num=True),
        Col(_("其中建档立卡"), lambda o: o.poor, 8, "poor", num=True),
        Col(_("月报酬(元)"), lambda o: o.monthly_pay, 8, num=True),
        Col(_("设岗日期"), lambda o: o.opened_on, 12, "opened_on"),
    ]
    welfare = queries.public_welfare(request.user)
    actions = (
        [{"url": reverse("employment:post_create"), "label": _("设立公益性岗位")}]
        if request.user.has_scoped_perm(CHANGE)
        else []
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.PublicWelfarePostFilter,
        columns=cols,
        title=gettext_lazy("公益性岗位"),
        filename="public-welfare-posts",
        audit_action="employment.publicwelfarepost.exported",
        default_sort="region_code",
        context={
            "actions": actions,
            "intro": _("在岗 %(o)d 人，其中建档立卡贫困劳动力 %(p)d 人（%(r)s%%）")
            % {"o": welfare["occupied"], "p": welfare["poor"], "r": welfare["poor_rate"] or 0},
        },
    )


@login_required
def post_create(request):
    require(request.user, CHANGE)
    form = forms.PublicWelfarePostForm(request.POST or None)
    post = save_form(
        request,
        form,
        lambda data: services.open_public_welfare_post(by=request.user, **data),
        _("公益性岗位已设立。"),
    )
    if post:
        return redirect("employment:post_detail", pk=post.pk)
    return render(request, "employment/form.html", {"form": form, "title": _("设立公益性岗位")})


@login_required
def post_detail(request, pk):
    require(request.user)
    post = get_object_for_user(PublicWelfarePost, request.user, pk=pk)
    form = forms.OccupancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        require(request.user, CHANGE)
        laborer = None
        if form.cleaned_data["laborer"]:
            laborer = get_object_for_user(Laborer, request.user, pk=form.cleaned_data["laborer"])
        try:
            services.assign_post(
                post,
                by=request.user,
                laborer=laborer,
                name=form.cleaned_data["name"],
                started_on=form.cleaned_data["started_on"],
            )
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.success(request, _("已登记在岗人员。"))
            return redirect("employment:post_detail", pk=pk)
    return render(
        request,
        "employment/post_detail.html",
        {
            "post": post,
            "form": form,
            "occupancies": post.occupancies.select_related("laborer"),
            "can_change": request.user.has_scoped_perm(CHANGE, post.region_code),
        },
    )


@login_required
def subsidy_list(request):
    require(request.user)
    cols = [
        Col(_("补贴类别"), lambda o: o.kind.name, 16, "kind__name"),
        Col(
            _("发放对象"),
            lambda o: str(o.laborer or o.enterprise),
            20,
            link=url("employment:subsidy_detail", lambda o: o.pk),
        ),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("补贴期间"), lambda o: o.period, 8, "period"),
        Col(_("金额(元)"), lambda o: o.amount, 10, "amount", num=True),
        Col(_("状态"), lambda o: o.get_status_display(), 8, "status"),
        Col(_("申请日期"), lambda o: o.applied_on, 12, "applied_on"),
        Col(_("发放日期"), lambda o: o.paid_on, 12, "paid_on"),
        Col(_("资格说明"), lambda o: o.eligibility, 30),
    ]
    qs = SubsidyApplication.objects.visible_to(request.user).select_related("kind", "laborer", "enterprise")
    actions = (
        [{"url": reverse("employment:subsidy_apply"), "label": _("申请补贴")}]
        if request.user.has_scoped_perm(CHANGE)
        else []
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.SubsidyApplicationFilter,
        columns=cols,
        title=gettext_lazy("就业补贴"),
        filename="subsidies",
        audit_action="employment.subsidyapplication.exported",
        default_sort="-applied_on",
        context={"actions": actions},
    )


@login_required
def subsidy_apply(request):
    require(request.user, CHANGE)
    form = forms.SubsidyApplyForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        laborer = get_object_for_user(Laborer, request.user, pk=data["laborer"]) if data["laborer"] else None
        ent = (
            get_object_for_user(Enterprise, request.user, pk=data["enterprise"])
            if data["enterprise"]
            else None
        )
        try:
            app = services.apply_subsidy(
                by=request.user,
                kind=data["kind"],
                laborer=laborer,
                enterprise=ent,
                period=data["period"],
                months=data["months"],
                proof=data["proof"],
            )
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.success(request, _("补贴申请已提交：%(a)s 元。") % {"a": app.amount})
            return redirect("employment:subsidy_detail", pk=app.pk)
    return render(request, "employment/form.html", {"form": form, "title": _("申请补贴")})


@login_required
def subsidy_detail(request, pk):
    require(request.user)
    app = get_object_for_user(SubsidyApplication.objects.select_related("kind"), request.user, pk=pk)
    form = forms.SubsidyActionForm(request.POST or None, initial={"version": app.version})
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid() and action in services.SUBSIDY_TRANSITIONS:
        try:
            services.move_subsidy(
                app,
                action,
                by=request.user,
                version=form.cleaned_data["version"],
                payment_ref=form.cleaned_data["payment_ref"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.success(request, _("已更新补贴申请。"))
            return redirect("employment:subsidy_detail", pk=pk)
    actions = [(name, services.SUBSIDY_TRANSITIONS[name]) for name in ("review", "approve", "pay", "reject")]
    allowed = [
        name
        for name, (froms, _to, perm) in actions
        if app.status in froms and request.user.has_scoped_perm(perm, app.region_code)
    ]
    return render(request, "employment/subsidy_detail.html", {"app": app, "form": form, "allowed": allowed})
