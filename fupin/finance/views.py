"""Pages of the finance app: the board, loans with repayments, deferral and 带动 households, the bank list
import, the quarterly interest subsidy (a job) and the overdue escalation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import Col, field_columns, list_page
from fupin.core.page_links import links_for, url_of
from fupin.core.plausibility import NeedsConfirmation
from fupin.core.views import get_object_for_user, requires, run_action, start_job
from fupin.finance import filters, forms, importers, jobs, queries, services
from fupin.finance.models import InterestSubsidy, Loan
from fupin.registry.queries import household_numbered

VIEW, CHANGE = "finance.view_loan", services.CHANGE
TABS = "finance/includes/_tabs.html"
CHECK_INPUT = gettext_lazy("请检查填写的内容。")


@requires(VIEW)
def home(request):
    today = timezone.localdate()
    return render(
        request,
        "finance/home.html",
        {
            "figures": queries.loan_figures(request.user, today),
            "can_change": request.user.has_scoped_perm(CHANGE),
            "run_form": forms.SubsidyRunForm(allocations=queries.subsidy_allocations(request.user)),
        },
    )


@requires(VIEW)
def loan_list(request):
    today = timezone.localdate()
    qs = Loan.objects.visible_to(request.user).select_related("household", "enterprise")
    cols = field_columns(
        Loan,
        "contract_number kind",
        Col(_("借款人"), lambda o: o.household.number if o.household_id else o.enterprise.name, 18),
        "region_code bank amount balance rate disbursed_on repay_by",
        Col(_("还款状态"), lambda o: _standing_label(o, today), 8),
        links={"contract_number": url_of("finance:loan_detail", lambda o: o.pk)},
    )
    actions = links_for(
        request.user,
        CHANGE,
        ("finance:loan_create", _("登记贷款")),
        ("finance:loan_import", _("导入银行贷款清单")),
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.LoanFilter,
        columns=cols,
        title=gettext_lazy("贷款"),
        filename="loans",
        default_sort="-disbursed_on",
        tabs=TABS,
        context={"actions": actions},
    )


def _standing_label(loan, today):
    from fupin.finance.choices import LoanStanding

    return LoanStanding(queries.loan_standing(loan, today)).label


@requires(CHANGE)
def loan_create(request):
    form = forms.LoanForm(request.POST or None, enterprises=queries.borrowers_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["household"] = (
                household_numbered(request.user, data["household"]) if data["household"] else None
            )
            data["premium"] = data["premium"] or 0
            loan = services.register_loan(by=request.user, **data)
        except NeedsConfirmation as exc:
            form.add_error(None, str(exc))
            form.ask_to_confirm()
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("贷款已登记。"))
            return redirect("finance:loan_detail", pk=loan.pk)
    return render(request, "finance/loan_form.html", {"form": form, "title": _("登记贷款"), "tabs": TABS})


def _loan_post(request, loan):
    """The actions of a loan's page: a repayment, a deferral, a household it lifts, its premium paid."""
    action, user = request.POST.get("action"), request.user
    if action == "repay":
        form, invalid, success = forms.RepaymentForm(request.POST), CHECK_INPUT, _("已登记还款。")

        def save(data):
            return services.record_repayment(loan, by=user, **data)
    elif action == "defer":
        form, invalid, success = forms.DeferForm(request.POST), _("延期还款最长6个月。"), _("已延期还款。")

        def save(data):
            return services.defer_loan(loan, by=user, **data)
    elif action == "link":
        form, invalid, success = forms.HouseholdForm(request.POST), _("请填写户编号。"), _("已添加带动户。")

        def save(data):
            household = household_numbered(user, data["household"])
            return services.link_loan_household(loan, by=user, household=household)
    elif action == "premium":
        form = forms.PremiumForm(request.POST, allocations=queries.subsidy_allocations(user))
        invalid, success = CHECK_INPUT, _("保费已支付。")

        def save(data):
            return services.pay_premium(loan, by=user, **data)
    else:
        raise Http404
    run_action(request, form, save, success, invalid=invalid)


@requires(VIEW)
def loan_detail(request, pk):
    loan = get_object_for_user(Loan.objects.select_related("household", "enterprise"), request.user, pk=pk)
    if request.method == "POST":
        _loan_post(request, loan)
        return redirect("finance:loan_detail", pk=pk)
    user, today = request.user, timezone.localdate()
    can_change = user.has_scoped_perm(CHANGE, loan.region_code)
    return render(
        request,
        "finance/loan_detail.html",
        {
            "loan": loan,
            "standing": _standing_label(loan, today),
            "repayments": loan.repayments.visible_to(user),
            "subsidies": loan.subsidies.visible_to(user),
            "links": loan.households.visible_to(user).select_related("household"),
            "can_change": can_change,
            "repay_form": forms.RepaymentForm(initial={"paid_on": today}) if can_change else None,
            "defer_form": forms.DeferForm(initial={"version": loan.version, "months": 6})
            if can_change
            else None,
            "link_form": forms.HouseholdForm() if can_change and loan.kind == "zhengyinbao" else None,
            "premium_form": (
                forms.PremiumForm(allocations=queries.subsidy_allocations(user), initial={"date": today})
                if can_change and loan.kind == "zhengyinbao" and not loan.premium_paid and loan.premium
                else None
            ),
        },
    )


@requires(CHANGE)
def loan_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importers.import_loans(form.cleaned_data["file"], by=request.user)
        except DomainError as exc:  # refused by the upload gate (fupin.core.importing)
            form.add_error("file", str(exc))
        else:
            if not result.errors:
                messages.success(request, _("已导入 %(n)d 笔贷款。") % {"n": result.created})
                return redirect(reverse("finance:loan_list") + "?sort=-disbursed_on")
    return render(request, "finance/loan_import.html", {"form": form, "result": result})


@requires(VIEW)
def subsidy_list(request):
    qs = InterestSubsidy.objects.visible_to(request.user).select_related("loan")
    cols = field_columns(
        InterestSubsidy,
        "loan__contract_number quarter region_code days rate amount paid_on",
        links={"loan__contract_number": url_of("finance:loan_detail", lambda o: o.loan_id)},
    )
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.SubsidyFilter,
        columns=cols,
        title=gettext_lazy("贷款贴息"),
        filename="interest-subsidies",
        default_sort="-quarter",
        tabs=TABS,
    )


@requires(CHANGE)
@require_POST
def subsidy_run(request):
    return start_job(
        request,
        forms.SubsidyRunForm(request.POST, allocations=queries.subsidy_allocations(request.user)),
        lambda d: jobs.start_subsidy_job(by=request.user, **d),
        invalid=_("请选择资金下达并按 2020Q2 的格式填写季度。"),
        otherwise="finance:home",
    )


@requires(CHANGE)
@require_POST
def escalate(request):
    count = services.escalate_overdue(by=request.user)
    messages.success(request, _("已将 %(n)d 笔逾期贷款列入问题清单台账。") % {"n": count})
    return redirect("finance:home")
