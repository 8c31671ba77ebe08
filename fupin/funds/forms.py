from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.display import money
from fupin.core.widgets import DateInput
from fupin.funds.choices import PayeeKind
from fupin.funds.models import Allocation, Fund
from fupin.regions.fields import RegionField, scope_region_fields
from fupin.regions.models import RegionLevel

DATE = DateInput()


def money_input(label):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=0.01)


class AllocationChoiceField(forms.ModelChoiceField):
    """The 资金下达 another app pays from (its form sets `queryset`, e.g. `disbursable_allocations(user)`),
    each shown as budget line · document number, with the balance left unless `balance=False`."""

    def __init__(self, *, label=None, balance=True, **kwargs):
        super().__init__(queryset=Allocation.objects.none(), label=label or _("资金下达"), **kwargs)
        self.balance = balance

    def label_from_instance(self, allocation):
        if not self.balance:
            return f"{allocation.fund.budget_line.label} · {allocation.document_number}"
        return _("%(line)s · %(doc)s · 余额 %(left)s 元") % {
            "line": allocation.fund.budget_line.label,
            "doc": allocation.document_number,
            "left": money(allocation.remaining),
        }


class PayFromAllocationForm(forms.Form):
    """A form of another app that pays from a 资金下达: it declares `allocation = AllocationChoiceField(…)`
    and the view passes the allocations to choose from (`allocations=`, a queryset)."""

    def __init__(self, *args, allocations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations


class AllocationForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("专项资金"), queryset=Fund.objects.none())
    region = RegionField(
        label=_("下达地区"),
        permission="funds.allocate_fund",
        levels=[RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE],
        help_text=_("输入区、镇或村的名称，从建议中选择"),
    )
    amount = money_input(_("下达金额(元)"))
    document_number = forms.CharField(label=_("文号"), max_length=64)
    date = forms.DateField(label=_("下达日期"), widget=DATE)
    note = forms.CharField(label=_("用途"), max_length=255, required=False)

    def __init__(self, *args, funds, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds
        scope_region_fields(self, user)


class DisburseForm(forms.Form):
    amount = money_input(_("支出金额(元)"))
    date = forms.DateField(label=_("支出日期"), widget=DATE)
    payee_kind = forms.ChoiceField(label=_("收款类型"), choices=PayeeKind.choices)
    payee_name = forms.CharField(
        label=_("收款对象"), max_length=128, required=False, help_text=_("填了户编号可不填，默认付给户主")
    )
    household = forms.CharField(label=_("户编号"), max_length=32, required=False)
    region_code = forms.CharField(
        label=_("区划代码"), max_length=12, required=False, help_text=_("不填则为贫困户所在村或下达地区")
    )
    voucher = forms.CharField(label=_("凭证号"), max_length=64)
    purpose = forms.CharField(label=_("用途"), max_length=255, required=False)
    confirm_warnings = forms.BooleanField(
        label=_("已核实以上提示，确认登记"), required=False, widget=forms.HiddenInput
    )

    def ask_to_confirm(self):
        """Show the box that confirms the plausibility warnings (after a payment raised some)."""
        self.fields["confirm_warnings"].widget = forms.CheckboxInput()


class ReduceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount = money_input(_("调减后金额(元)"))
    reason = forms.CharField(label=_("原因"), max_length=255, required=False)


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("原因"), max_length=255, required=False)


class ReverseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("冲销原因"), max_length=255)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 或 CSV 文件"),
        help_text=_("列：文号（或下达编号）、金额、日期、收款对象、身份证号或户编号（可空）、凭证号、用途"),
    )
