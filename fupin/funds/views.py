"""Pages of the funds app: the board, allocations, disbursements, their actions and the import."""

from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.display import region_html
from fupin.core.errors import DomainError
from fupin.core.form_pages import form_page, import_page, versioned_update
from fupin.core.listing import Col, field_columns, list_page
from fupin.core.page_links import links_for, url_of
from fupin.core.plausibility import NeedsConfirmation, messages_of
from fupin.core.regioncodes import in_prefix, significant_prefix
from fupin.core.views import get_object_for_user, requires, run_action
from fupin.funds import filters, forms, importers, queries, services
from fupin.funds.choices import AllocationStatus, PayeeKind
from fupin.funds.models import VIEW, Allocation, Disbursement, Fund
from fupin.regions.models import Region
from fupin.registry.queries import household_members, household_numbered

ALLOCATE, DISBURSE = services.ALLOCATE, services.DISBURSE
TABS = "funds/includes/_tabs.html"
SHOWN = 100  # payments listed on an allocation's page; the rest on the filtered list


def can_allocate_in(user, region_code) -> bool:
    """The allocator's rule of services._check_allocator, for showing or hiding forms."""
    prefixes = user.prefixes_for(ALLOCATE)
    return in_prefix(region_code, prefixes) and significant_prefix(region_code) not in prefixes


@requires(VIEW)
def home(request):
    rows = queries.fund_rows(request.user)
    return render(
        request,
        "funds/home.html",
        {
            "rows": rows,
            "totals": queries.totals(rows),
            "whole": bool(rows) and all(r["whole"] for r in rows),
            "regions": queries.region_rows(request.user),
            "chart": queries.chart_data(rows),
        },
    )


def _allocation_columns(*, export=False):
    """The page shows the region by name with its code on hover; the export has the code in a column of
    its own (what the next level files by)."""
    region = (
        [
            Col(_("下达地区"), lambda o: o.region.name, 12, "region__name"),
            Col(_("区划代码"), lambda o: o.region_id, 14),
        ]
        if export
        else [
            Col(
                _("下达地区"),
                lambda o: region_html(o.region_id, {o.region_id: o.region.name}),
                12,
                "region__name",
            )
        ]
    )
    return field_columns(
        Allocation,
        "document_number",
        Col(_("专项资金"), lambda o: o.fund.budget_line.label, 24, "fund__budget_line__code"),
        *region,
        "allocated_on amount spent",
        Col(_("结余(元)"), lambda o: o.balance, 14, "balance", num=True),
        "status note",
        links={"document_number": _detail_url},
    )


_detail_url = url_of("funds:allocation_detail", lambda allocation: allocation.pk)


@requires(VIEW)
def allocation_list(request):
    qs = (
        Allocation.objects.visible_to(request.user)
        .select_related("fund__budget_line", "region")
        .annotate(balance=F("amount") - F("spent"))
    )
    actions = links_for(request.user, ALLOCATE, ("funds:allocation_create", _("下达资金")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.AllocationFilter,
        columns=_allocation_columns(),
        export_columns=_allocation_columns(export=True),
        title=gettext_lazy("资金下达"),
        filename="fund-allocations",
        default_sort="-allocated_on",
        tabs=TABS,
        context={"actions": actions},
    )


def _allocate(request, data):
    region = Region.objects.filter(code=data["region"]).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    return services.allocate(
        data["fund"],
        by=request.user,
        region=region,
        amount=data["amount"],
        document_number=data["document_number"],
        date=data["date"],
        note=data["note"],
    )


@requires(ALLOCATE)
def allocation_create(request):
    funds = Fund.objects.visible_to(request.user).select_related("budget_line")
    form = forms.AllocationForm(
        request.POST or None, funds=funds, initial=request.GET.dict(), user=request.user
    )
    return form_page(
        request,
        form,
        lambda data: _allocate(request, data),
        success=_("资金已下达。"),
        title=_("下达资金"),
        next_url=_detail_url,
        template="funds/allocation_form.html",
        tabs=TABS,
    )


@requires(VIEW)
def allocation_detail(request, pk):
    allocation = get_object_for_user(
        Allocation.objects.select_related("fund__budget_line", "region"), request.user, pk=pk
    )
    return _allocation_page(request, allocation)


def _allocation_page(request, allocation, disburse_form=None):
    """The allocation's page; `disburse_form` is a payment form sent back to confirm its warnings."""
    user = request.user
    return render(
        request,
        "funds/allocation_detail.html",
        {
            "allocation": allocation,
            "figures": queries.allocation_figures(allocation),
            "disbursements": allocation.disbursements.select_related("household").order_by("-paid_on", "-id")[
                :SHOWN
            ],
            "can_disburse": user.has_scoped_perm(DISBURSE, allocation.region_id)
            and allocation.status == AllocationStatus.ACTIVE,
            "can_allocate": can_allocate_in(user, allocation.region_id)
            and allocation.status == AllocationStatus.ACTIVE,
            "disburse_form": disburse_form or forms.DisburseForm(),
            "reduce_form": forms.ReduceForm(initial={"version": allocation.version}),
            "cancel_form": forms.CancelForm(initial={"version": allocation.version}),
        },
    )


def _household(request, number):
    if not number:
        return None
    return household_numbered(request.user, number, message=_("户编号不存在或不在您的范围内"))


def _payee_name(household, payee_kind, typed):
    """Who is paid when a household is named: its head unless a name is typed, and a payment to the
    household (支付到户) only to one of its members."""
    typed = (typed or "").strip()
    if household is None:
        return typed
    members = household_members(household)
    if not typed:
        return next((m.name for m in members if m.is_head), "")
    if payee_kind == PayeeKind.HOUSEHOLD and typed not in {m.name for m in members}:
        raise DomainError(
            _("收款对象“%(name)s”不是户%(number)s的家庭成员；支付到户只能付给本户成员，不填则默认户主。")
            % {"name": typed, "number": household.number},
            field="payee_name",
        )
    return typed


def _disburse(request, allocation, data):
    household = _household(request, data["household"])
    confirmed = data.get("confirm_warnings", False)
    return services.disburse(
        allocation,
        by=request.user,
        amount=data["amount"],
        date=data["date"],
        payee_kind=data["payee_kind"],
        payee_name=_payee_name(household, data["payee_kind"], data["payee_name"]),
        household=household,
        region_code=data["region_code"] or None,
        voucher=data["voucher"],
        purpose=data["purpose"],
        confirm_warnings=confirmed,
    )


def _allocation_action(request, pk, form_class, service, success):
    """An action button of the allocation page: the allocation if the user may see it, the form, then
    `service(allocation, by=user, version=…, **values)`; back to the allocation."""
    allocation = get_object_for_user(Allocation, request.user, pk=pk)
    run_action(
        request, form_class(request.POST), versioned_update(service, allocation, by=request.user), success
    )
    return redirect("funds:allocation_detail", pk=pk)


@requires(DISBURSE)
@require_POST
def allocation_disburse(request, pk):
    """A payment; one that only raised plausibility warnings comes back filled in, with the warnings and a
    box to confirm them (funds.plausibility)."""
    allocation = get_object_for_user(Allocation, request.user, pk=pk)
    form = forms.DisburseForm(request.POST)
    asked = []

    def pay(data):
        try:
            return _disburse(request, allocation, data)
        except NeedsConfirmation as exc:
            asked.append(exc)
            raise

    run_action(request, form, pay, _("支出已登记。"))
    if asked:
        form.ask_to_confirm()
        allocation = get_object_for_user(
            Allocation.objects.select_related("fund__budget_line", "region"), request.user, pk=pk
        )
        return _allocation_page(request, allocation, disburse_form=form)
    return redirect("funds:allocation_detail", pk=pk)


@requires(ALLOCATE)
@require_POST
def allocation_reduce(request, pk):
    return _allocation_action(
        request, pk, forms.ReduceForm, services.reduce_allocation, _("下达金额已调减。")
    )


@requires(ALLOCATE)
@require_POST
def allocation_cancel(request, pk):
    return _allocation_action(
        request, pk, forms.CancelForm, services.cancel_allocation, _("下达已撤销，资金已退回。")
    )


@requires(DISBURSE)
@require_POST
def disbursement_reverse(request, pk):
    disbursement = get_object_for_user(Disbursement.objects.select_related("allocation"), request.user, pk=pk)
    run_action(
        request,
        forms.ReverseForm(request.POST),
        versioned_update(services.reverse_disbursement, disbursement, by=request.user),
        _("支出已冲销，金额已退回下达额度。"),
    )
    return redirect("funds:allocation_detail", pk=disbursement.allocation_id)


def _disbursement_columns(user):
    prefixes = user.prefixes_for(VIEW)

    def allocation_url(o):
        return _detail_url(o.allocation) if in_prefix(o.allocation.region_id, prefixes) else None

    return field_columns(
        Disbursement,
        "paid_on payee_name payee_kind amount voucher_number allocation__document_number allocation__fund",
        "region_code purpose status",
        Col(_("核实提示"), lambda o: "；".join(messages_of(o.warnings)), 30),
        links={"allocation__document_number": allocation_url},
    )


@requires(VIEW)
def disbursement_list(request):
    qs = Disbursement.objects.visible_to(request.user).select_related("allocation__fund__budget_line")
    actions = links_for(request.user, DISBURSE, ("funds:disbursement_import", _("导入支出明细")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.DisbursementFilter,
        columns=_disbursement_columns(request.user),
        title=gettext_lazy("资金支出"),
        filename="fund-disbursements",
        default_sort="-paid_on",
        tabs=TABS,
        context={"actions": actions},
    )


@requires(DISBURSE)
def disbursement_import(request):
    return import_page(
        request,
        forms.ImportForm(request.POST or None, request.FILES or None),
        lambda table, data: importers.import_disbursements(
            table, by=request.user, source=f"import:{data['file'].name}"[:128]
        ),
        success=lambda n: _("已导入支出 %(n)d 笔。") % {"n": n},
        next_url="funds:disbursement_list",
        template="funds/disbursement_import.html",
        context={"columns": importers.COLUMNS.headers.values()},
    )
