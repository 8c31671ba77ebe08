"""Pages of the insurance app: coverage by product and region, policies, premiums, claims."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.listing import Col, field_columns, form_above, list_page, save_from_list
from fupin.core.views import get_object_for_user, requires, run_action, start_job
from fupin.insurance import filters, forms, jobs, queries, services
from fupin.insurance.models import Claim, Policy

VIEW, CHANGE = "insurance.view_policy", services.CHANGE
TABS = "insurance/includes/_tabs.html"
CHECK_INPUT = gettext_lazy("请检查填写的内容。")
YEAR = 2020


@requires(VIEW)
def home(request):
    user = request.user
    can_change = user.has_scoped_perm(CHANGE)
    return render(
        request,
        "insurance/home.html",
        {
            "year": YEAR,
            "coverage": queries.coverage(user, YEAR),
            "premiums": queries.premiums_paid(user, YEAR),
            "enrol_form": forms.EnrolForm() if can_change else None,
            "premium_form": forms.PremiumForm(allocations=queries.premium_allocations(user))
            if can_change
            else None,
        },
    )


@requires(CHANGE)
@require_POST
def enrol(request):
    return start_job(
        request,
        forms.EnrolForm(request.POST),
        lambda d: jobs.start_enrolment_job(by=request.user, **d),
        invalid=CHECK_INPUT,
        otherwise="insurance:home",
    )


@requires(CHANGE)
@require_POST
def pay(request):
    run_action(
        request,
        forms.PremiumForm(request.POST, allocations=queries.premium_allocations(request.user)),
        lambda d: services.pay_premiums(d.pop("product"), by=request.user, **d),
        lambda payment: _("已支付 %(n)d 份保单的保费。") % {"n": payment.policies},
        invalid=CHECK_INPUT,
    )
    return redirect("insurance:home")


@requires(VIEW)
def policy_list(request):
    qs = Policy.objects.visible_to(request.user).select_related("product", "household", "member")
    cols = field_columns(
        Policy,
        Col(_("保单编号"), lambda o: o.pk, 8, "id"),
        Col(_("保险产品"), lambda o: o.product.name, 20, "product__name"),
        Col(_("保险年度"), lambda o: o.year, 6, "year"),
        "household__number",
        Col(_("被保险人"), lambda o: o.member.name if o.member_id else "", 10),
        "region_code premium",
        Col(_("保费已付"), lambda o: _("是") if o.payment_id else _("否"), 6),
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.PolicyFilter,
        columns=cols,
        title=gettext_lazy("保单"),
        filename="insurance-policies",
        default_sort="region_code",
        tabs=TABS,
    )


@requires(VIEW)
def claim_list(request):
    if request.method == "POST":
        return _claim_post(request)
    qs = Claim.objects.visible_to(request.user).select_related("policy__product", "household")
    cols = field_columns(
        Claim,
        "household__number",
        Col(_("保险产品"), lambda o: o.policy.product.name, 20),
        "region_code cause occurred_on amount status",
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.ClaimFilter,
        columns=cols,
        title=gettext_lazy("理赔"),
        filename="insurance-claims",
        default_sort="-occurred_on",
        tabs=TABS,
        context=form_above(request, forms.ClaimForm, _("登记理赔"), permission=CHANGE),
    )


def _claim_post(request):
    """File a claim (the form above the list) or settle one."""
    user = request.user
    if request.POST.get("action") == "settle":
        form = forms.SettleForm(request.POST)

        def save(data):
            claim = get_object_for_user(Claim, user, pk=data.pop("claim"))
            return services.settle_claim(claim, by=user, **data)
    else:
        form = forms.ClaimForm(request.POST)

        def save(data):
            policy = get_object_for_user(Policy, user, pk=data.pop("policy"))
            return services.file_claim(policy, by=user, **data)

    return save_from_list(request, form, save, _("已保存。"), permission=CHANGE, invalid=CHECK_INPUT)
