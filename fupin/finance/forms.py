from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.finance.choices import LoanKind, LoanUse
from fupin.funds.forms import AllocationChoiceField, PayFromAllocationForm

DATE = DateInput()


class LoanForm(forms.Form):
    kind = forms.ChoiceField(label=_("贷款类型"), choices=LoanKind.choices)
    household = forms.CharField(label=_("户编号(扶贫小额信贷)"), max_length=32, required=False)
    enterprise = forms.ModelChoiceField(label=_("借款主体(政银保)"), queryset=None, required=False)
    bank = forms.CharField(label=_("贷款银行"), max_length=64)
    contract_number = forms.CharField(label=_("合同编号"), max_length=64)
    amount = forms.DecimalField(label=_("贷款金额(元)"), min_value=0, decimal_places=2)
    rate = forms.DecimalField(label=_("年利率(%)"), min_value=0, decimal_places=2)
    term_months = forms.IntegerField(label=_("期限(月)"), min_value=1)
    disbursed_on = forms.DateField(label=_("放款日期"), widget=DATE)
    use = forms.ChoiceField(label=_("贷款用途"), choices=LoanUse.choices)
    insurer = forms.CharField(label=_("保险机构(政银保)"), max_length=64, required=False)
    premium = forms.DecimalField(label=_("保费(元)"), min_value=0, decimal_places=2, required=False)
    confirm_warnings = forms.BooleanField(
        label=_("已核实以上提示，确认登记"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises

    def ask_to_confirm(self):
        """Show the box that confirms the plausibility warnings (after a loan raised some)."""
        self.fields["confirm_warnings"].widget = forms.CheckboxInput()


class RepaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("还款日期"), widget=DATE)
    principal = forms.DecimalField(label=_("归还本金(元)"), min_value=0, decimal_places=2)
    interest = forms.DecimalField(label=_("支付利息(元)"), min_value=0, decimal_places=2, required=False)


class DeferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    months = forms.IntegerField(label=_("延期月数"), min_value=1, max_value=6)
    reason = forms.CharField(label=_("延期原因"), max_length=255, required=False)


class HouseholdForm(forms.Form):
    household = forms.CharField(label=_("户编号"), max_length=32)


class AllocationForm(PayFromAllocationForm):
    allocation = AllocationChoiceField(balance=False)


class PremiumForm(AllocationForm):
    date = forms.DateField(label=_("支付日期"), widget=DATE)
    voucher = forms.CharField(label=_("凭证号"), max_length=64)


class SubsidyRunForm(AllocationForm):
    quarter = forms.RegexField(label=_("季度"), regex=r"^20\d\dQ[1-4]$", help_text=_("如 2020Q2"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("银行贷款清单(.xlsx)"))
