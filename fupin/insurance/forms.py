from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.funds.forms import AllocationChoiceField, PayFromAllocationForm
from fupin.insurance.choices import ClaimCause
from fupin.insurance.models import Product

DATE = DateInput()


class EnrolForm(forms.Form):
    product = forms.ModelChoiceField(label=_("保险产品"), queryset=Product.objects.order_by("id"))
    region_code = forms.CharField(label=_("区划代码(市区、镇或村)"), max_length=12)
    year = forms.IntegerField(label=_("保险年度"), initial=2020, min_value=2020, max_value=2030)


class PremiumForm(PayFromAllocationForm):
    product = forms.ModelChoiceField(label=_("保险产品"), queryset=Product.objects.order_by("id"))
    allocation = AllocationChoiceField(balance=False)
    year = forms.IntegerField(label=_("保险年度"), initial=2020)
    date = forms.DateField(label=_("支付日期"), widget=DATE)
    voucher = forms.CharField(label=_("凭证号"), max_length=64)


class ClaimForm(forms.Form):
    policy = forms.IntegerField(label=_("保单编号"))
    amount = forms.DecimalField(label=_("理赔金额(元)"), min_value=0, decimal_places=2)
    cause = forms.ChoiceField(label=_("出险原因"), choices=ClaimCause.choices)
    occurred_on = forms.DateField(label=_("出险日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class SettleForm(forms.Form):
    claim = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.CharField(widget=forms.HiddenInput)
