"""Forms of the cooperation pages; services check every rule again."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fupin.cooperation.choices import Area, CountyStage, PairingKind, Rule
from fupin.cooperation.services import INDICATOR_FIELDS, PAIRING_FIELDS
from fupin.core.attachments import ACCEPT
from fupin.regions.fields import RegionField


class PairingDetailsForm(forms.Form):
    """What may change of a pairing once it is recorded (its two sides, kind and year stay)."""

    helper_unit = forms.CharField(label=_("帮扶单位"), max_length=128)
    enterprise = forms.CharField(label=_("结对企业"), max_length=128, required=False)
    stage = forms.ChoiceField(label=_("县的阶段"), choices=CountyStage.choices, required=False)
    gift = forms.DecimalField(
        label=_("帮扶资金(元)"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    gift_note = forms.CharField(label=_("帮扶内容"), max_length=255, required=False)


class PairingForm(PairingDetailsForm):
    field_order = PAIRING_FIELDS
    kind = forms.ChoiceField(label=_("结对类型"), choices=PairingKind.choices)
    region_code = RegionField(label=_("受帮扶地区(崇左)"))
    helper_code = RegionField(label=_("帮扶方地区(江门)"))
    year = forms.IntegerField(label=_("年度"), min_value=2016, max_value=2030, initial=2020)


class IndicatorDetailsForm(forms.Form):
    """What may change of an indicator (its county, year, area and rule stay)."""

    name = forms.CharField(label=_("指标"), max_length=128)
    unit = forms.CharField(label=_("计量单位"), max_length=16)
    target = forms.DecimalField(label=_("目标值"), max_digits=16, decimal_places=2, min_value=0)
    deadline = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs={"type": "date"}))
    responsible = forms.CharField(label=_("责任单位"), max_length=128)
    confirm_by = forms.DateField(
        label=_("确认截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class IndicatorForm(IndicatorDetailsForm):
    field_order = INDICATOR_FIELDS
    region_code = RegionField(label=_("县(市、区)(崇左)"))
    helper_code = RegionField(label=_("帮扶方地区(江门)"))
    year = forms.IntegerField(label=_("年度"), min_value=2016, max_value=2030, initial=2020)
    area = forms.ChoiceField(label=_("领域"), choices=Area.choices)
    rule = forms.ChoiceField(label=_("取数规则"), choices=Rule.choices)


class EntryForm(forms.Form):
    month = forms.DateField(
        label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m", "%Y-%m-%d"]
    )
    value = forms.DecimalField(label=_("本月完成"), max_digits=16, decimal_places=2, min_value=0)
    evidence = forms.CharField(label=_("佐证材料"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class EntryFileForm(forms.Form):
    file = forms.FileField(label=_("佐证文件"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("pdf、jpg、png、docx、xlsx，不超过 %(mb)d MB") % {
            "mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MoveForm(VersionForm):
    move = forms.ChoiceField(choices=[("submit", "submit"), ("approve", "approve"), ("return", "return")])
    reason = forms.CharField(label=_("退回原因"), max_length=255, required=False)


class CheckForm(VersionForm):
    figure = forms.DecimalField(
        label=_("核验数值"), max_digits=16, decimal_places=2, min_value=0, required=False
    )
    evidence = forms.CharField(label=_("佐证材料"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PairingEditForm(VersionForm, PairingDetailsForm):
    field_order = ["version"]


class IndicatorEditForm(VersionForm, IndicatorDetailsForm):
    field_order = ["version"]
