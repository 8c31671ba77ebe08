from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.funds.forms import AllocationChoiceField, PayFromAllocationForm
from fupin.industry.choices import BenefitKind, IndustryKind
from fupin.industry.models import Project
from fupin.industry.services import PROJECT_FIELDS

DATE = DateInput()


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {"declared_on": DATE, "resumed_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators


class HouseholdIndustryForm(forms.Form):
    household = forms.CharField(label=_("户编号"), max_length=32)
    kind = forms.ChoiceField(label=_("产业类别"), choices=IndustryKind.choices)
    product = forms.CharField(label=_("品种/项目"), max_length=64, required=False)
    scale = forms.CharField(label=_("规模"), max_length=64, required=False)
    income = forms.DecimalField(label=_("年收入(元)"), min_value=0, decimal_places=2, required=False)


class LinkForm(forms.Form):
    household = forms.CharField(label=_("户编号"), max_length=32)
    benefit = forms.ChoiceField(label=_("受益方式"), choices=BenefitKind.choices)
    amount = forms.DecimalField(label=_("年受益金额(元)"), min_value=0, decimal_places=2, required=False)


class FundForm(PayFromAllocationForm):
    allocation = AllocationChoiceField()
    amount = forms.DecimalField(label=_("拨付金额(元)"), min_value=0, decimal_places=2)
    date = forms.DateField(label=_("拨付日期"), widget=DATE)
    voucher = forms.CharField(label=_("凭证号"), max_length=64)


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    move = forms.CharField(widget=forms.HiddenInput)


class LeadingIndustryForm(forms.Form):
    region_code = forms.CharField(label=_("镇(街)或村(居)区划代码"), max_length=12)
    kind = forms.ChoiceField(label=_("产业类别"), choices=IndustryKind.choices)
    product = forms.CharField(label=_("主导产品"), max_length=64)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)
