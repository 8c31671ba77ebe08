from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.regions.fields import RegionField
from fupin.training.choices import ProgramKind
from fupin.training.models import TrainingClass

DATE = DateInput()


class TrainingClassForm(forms.ModelForm):
    region_code = RegionField(label=_("开班地区"), help_text=_("输入地区名称，从建议中选择"))

    class Meta:
        model = TrainingClass
        fields = ["program", "name", "mode", "place", "region_code", "starts_on", "ends_on", "seats", "cost"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class EnrollForm(forms.Form):
    laborer = forms.IntegerField(label=_("劳动力编号"))


class AttendanceForm(forms.Form):
    enrollment = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    attended_days = forms.IntegerField(label=_("出勤天数"), min_value=0)
    completed = forms.BooleanField(label=_("已结业"), required=False)
    certificate = forms.CharField(label=_("证书"), required=False, max_length=128)


class WillingnessForm(forms.Form):
    laborer = forms.IntegerField(label=_("劳动力编号"))
    willing = forms.BooleanField(label=_("有培训意愿"), required=False, initial=True)
    program_kind = forms.ChoiceField(
        label=_("意向项目"), required=False, choices=[("", "---------"), *ProgramKind.choices]
    )
