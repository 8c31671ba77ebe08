from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.employment.choices import LaborerStatus, ResumptionStatus
from fupin.employment.models import (
    Enterprise,
    Laborer,
    PublicWelfarePost,
    RecruitmentEvent,
    SubsidyKind,
    Vacancy,
)
from fupin.employment.services.enterprises import ENTERPRISE_FIELDS, VACANCY_FIELDS
from fupin.employment.services.laborers import LABORER_FIELDS
from fupin.employment.services.recruitment import EVENT_FIELDS
from fupin.funds.forms import AllocationChoiceField, PayFromAllocationForm

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
    reason = forms.CharField(
        label=_("未安排贫困劳动力的理由"),
        required=False,
        max_length=255,
        help_text=_("本镇仍有待岗的建档立卡贫困劳动力时安排其他人员，须说明理由"),
    )


class OccupancyEndForm(forms.Form):
    ended_on = forms.DateField(label=_("离岗日期"), widget=DATE)
    note = forms.CharField(label=_("离岗原因"), required=False, max_length=255)


class RecruitmentEventForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    vacancies = forms.ModelMultipleChoiceField(label=_("提供岗位"), queryset=None, required=False)

    class Meta:
        model = RecruitmentEvent
        fields = EVENT_FIELDS
        widgets = {"held_on": DATE}

    def __init__(self, *args, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies
        self.fields["vacancies"].label_from_instance = lambda v: f"{v.enterprise.name} · {v.post}"


class OfficerForm(forms.Form):
    name = forms.CharField(label=_("就业服务专员"), max_length=64)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=32)
    assigned_on = forms.DateField(label=_("派驻日期"), widget=DATE)


class OfficerEndForm(forms.Form):
    ended_on = forms.DateField(label=_("撤回日期"), widget=DATE)


class SubsidyApplyForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("补贴类别"), queryset=SubsidyKind.objects.all())
    laborer = forms.IntegerField(label=_("劳动力编号"), required=False)
    enterprise = forms.IntegerField(label=_("企业编号"), required=False)
    period = forms.RegexField(
        label=_("补贴期间"), regex=r"^\d{4}(-\d{2})?$", help_text=_("如 2020 或 2020-03")
    )
    months = forms.IntegerField(label=_("月数"), min_value=1, initial=1)
    proof = forms.CharField(label=_("材料"), required=False, max_length=255)


class SubsidyActionForm(PayFromAllocationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    allocation = AllocationChoiceField(
        label=_("支付资金（预算科目 · 下达）"), required=False, help_text=_("发放时选择")
    )
    payment_ref = forms.CharField(label=_("发放凭证号"), required=False, max_length=64)
    note = forms.CharField(label=_("说明"), required=False, max_length=255)


STATUS_CHOICES = LaborerStatus.choices
