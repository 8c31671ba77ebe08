from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.employment.choices import LaborerStatus, ResumptionStatus
from fupin.employment.models import Enterprise, Laborer, PublicWelfarePost, SubsidyKind, Vacancy
from fupin.employment.services.enterprises import ENTERPRISE_FIELDS, VACANCY_FIELDS
from fupin.employment.services.laborers import LABORER_FIELDS

DATE = DateInput()


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LaborerForm(VersionedForm):
    class Meta:
        model = Laborer
        fields = LABORER_FIELDS
        widgets = {"available_from": DATE}


class EnterpriseForm(VersionedForm):
    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {"resumed_on": DATE}

    def validate_unique(self):
        """Uniqueness of the credit code is the service's job (with a clear message)."""


class VacancyForm(VersionedForm):
    class Meta:
        model = Vacancy
        fields = [f for f in VACANCY_FIELDS if f != "status"]
        widgets = {"start_date": DATE}


class ResumptionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("复工复产"), choices=ResumptionStatus.choices)
    on = forms.DateField(label=_("复工日期"), required=False, widget=DATE)


class MatchRunForm(forms.Form):
    region = forms.ChoiceField(label=_("匹配范围"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.name} ({r.code})") for r in regions]


class DateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("备注"), required=False, max_length=255)


class SurveyImportForm(forms.Form):
    name = forms.CharField(label=_("摸查名称"), max_length=128)
    surveyed_on = forms.DateField(label=_("摸查日期"), widget=DATE)
    file = forms.FileField(
        label=_("Excel 文件"), help_text=_("列：公民身份号码、就业状态、务工区域、务工单位")
    )


class PublicWelfarePostForm(forms.ModelForm):
    class Meta:
        model = PublicWelfarePost
        fields = ["region_code", "kind", "name", "temporary", "seats", "monthly_pay", "opened_on"]
        widgets = {"opened_on": DATE}


class OccupancyForm(forms.Form):
    laborer = forms.IntegerField(
        label=_("劳动力编号"), required=False, help_text=_("建档立卡贫困劳动力优先；非建档立卡人员请只填姓名")
    )
    name = forms.CharField(label=_("姓名"), required=False, max_length=64)
    started_on = forms.DateField(label=_("上岗日期"), widget=DATE)


class SubsidyApplyForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("补贴类别"), queryset=SubsidyKind.objects.all())
    laborer = forms.IntegerField(label=_("劳动力编号"), required=False)
    enterprise = forms.IntegerField(label=_("企业编号"), required=False)
    period = forms.RegexField(
        label=_("补贴期间"), regex=r"^\d{4}(-\d{2})?$", help_text=_("如 2020 或 2020-03")
    )
    months = forms.IntegerField(label=_("月数"), min_value=1, initial=1)
    proof = forms.CharField(label=_("材料"), required=False, max_length=255)


class SubsidyActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    payment_ref = forms.CharField(label=_("发放凭证号"), required=False, max_length=64)
    note = forms.CharField(label=_("说明"), required=False, max_length=255)


STATUS_CHOICES = LaborerStatus.choices
