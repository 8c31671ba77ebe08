from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import significant_prefix
from fupin.core.widgets import DateInput
from fupin.regions.fields import RegionField
from fupin.reports.choices import RecipientKind, RiskLevel, SupplyItem


class OpenPeriodForm(forms.Form):
    iso_year = forms.IntegerField(label=_("年度"), min_value=2019, max_value=2100, initial=2020)
    iso_week = forms.IntegerField(label=_("周次"), min_value=1, max_value=53)
    region_prefix = RegionField(
        label=_("区域"),
        initial="440700000000",
        permission="reports.open_period",
        help_text=_("输入地区名称，从建议中选择"),
    )

    def clean_region_prefix(self):
        """The week opens for the region and everything under it: its significant prefix."""
        code = self.cleaned_data["region_prefix"]
        return significant_prefix(code) if code else code


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AreaRiskForm(forms.Form):
    region_code = RegionField(label=_("地区"), help_text=_("输入地区名称，从建议中选择"))
    effective_on = forms.DateField(label=_("生效日期"), widget=DateInput())
    level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class SupplyForm(forms.Form):
    allocated_on = forms.DateField(label=_("发放日期"), widget=DateInput())
    recipient_kind = forms.ChoiceField(
        label=_("发放对象"), choices=RecipientKind.choices, initial=RecipientKind.HOUSEHOLD
    )
    household_number = forms.CharField(
        label=_("户编号"), max_length=32, required=False, help_text=_("发放给贫困户时填写")
    )
    region_code = RegionField(
        label=_("企业或村所在地区"), required=False, help_text=_("发放给扶贫企业或村时选择")
    )
    enterprise_name = forms.CharField(label=_("扶贫企业名称"), max_length=128, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    item = forms.ChoiceField(label=_("物资"), choices=SupplyItem.choices)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=10_000_000)
    skip_reason = forms.CharField(
        label=_("未优先保障的原因"),
        max_length=500,
        required=False,
        help_text=_("本镇贫困户的防疫物资需求尚未满足而发放给村时必填"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件"))
