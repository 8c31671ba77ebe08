"""Forms of the monitoring pages; each feeds one service."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import Colour, Department, MeasureKind, RiskType
from fupin.registry.choices import LaborAbility, PovertyCause

DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(forms.Form):
    """农户申报 for a household in the registry (by 户编号)."""

    number = forms.CharField(label=_("户编号"), max_length=32)
    reason = forms.CharField(label=_("申报理由"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))
    risk_type = forms.ChoiceField(label=_("风险类型"), choices=RiskType.choices)
    income = forms.DecimalField(label=_("年人均收入(元)"), required=False, min_value=0, decimal_places=2)
    rigid_spending = forms.DecimalField(
        label=_("刚性支出(元/年)"), required=False, min_value=0, decimal_places=2
    )
    on = forms.DateField(label=_("申报日期"), required=False, widget=DATE)


class EdgeHouseholdForm(forms.Form):
    """An 边缘户 not yet in the registry: registered as a monitoring household, then its application."""

    region = forms.CharField(label=_("所在村区划代码"), max_length=12)
    head_name = forms.CharField(label=_("户主姓名"), max_length=64)
    head_id_number = forms.CharField(label=_("户主身份证号"), max_length=18)
    labor_ability = forms.ChoiceField(label=_("劳动能力"), choices=LaborAbility.choices)
    main_cause = forms.ChoiceField(label=_("主要致贫风险"), choices=PovertyCause.choices)
    income_per_capita = forms.DecimalField(label=_("年人均纯收入(元)"), min_value=0, decimal_places=2)
    reason = forms.CharField(label=_("申报理由"), max_length=255)
    risk_type = forms.ChoiceField(label=_("风险类型"), choices=RiskType.choices)
    rigid_spending = forms.DecimalField(
        label=_("刚性支出(元/年)"), required=False, min_value=0, decimal_places=2
    )


class ScreeningListForm(forms.Form):
    """干部走访排查: the households of a village found at risk, one reason for them all."""

    reason = forms.CharField(label=_("排查发现的风险"), max_length=255)
    risk_type = forms.ChoiceField(label=_("风险类型"), choices=RiskType.choices)
    on = forms.DateField(label=_("走访日期"), required=False, widget=DATE)


class DepartmentImportForm(forms.Form):
    department = forms.ChoiceField(label=_("筛查部门"), choices=Department.choices)
    file = forms.FileField(label=_("文件"), help_text=_("支持 .xlsx、.xls、.csv；须有“公民身份号码”列"))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("reject", _("不同意"))])
    appraisal = forms.CharField(
        label=_("村级评估和民主评议情况"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("帮扶措施类型"), choices=MeasureKind.choices)
    detail = forms.CharField(label=_("措施内容"), max_length=255)
    on = forms.DateField(label=_("落实日期"), required=False, widget=DATE)


class PostPlacementForm(forms.Form):
    """就业帮扶 by a public-welfare post: which post, which of the household's laborers."""

    post = forms.IntegerField(label=_("公益性岗位"))
    laborer = forms.IntegerField(label=_("劳动力"))
    on = forms.DateField(label=_("上岗日期"), required=False, widget=DATE)

    def __init__(self, *args, posts=(), laborers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].widget = forms.Select(choices=[(p.pk, p.name) for p in posts])
        self.fields["laborer"].widget = forms.Select(choices=[(lab.pk, lab.name) for lab in laborers])


class RuleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("名称"), max_length=64)
    reason = forms.CharField(label=_("预警理由"), max_length=255)
    colour = forms.ChoiceField(label=_("预警颜色"), choices=Colour.choices)
    params = forms.CharField(label=_("参数(JSON)"), widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("启用"), required=False)

    def clean_params(self):
        try:
            value = json.loads(self.cleaned_data["params"] or "{}")
        except ValueError as exc:
            raise forms.ValidationError(_("参数应为 JSON 对象。")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("参数应为 JSON 对象。"))
        return value


class ExitProposalForm(forms.Form):
    number = forms.CharField(label=_("户编号"), max_length=32)
    agreed = forms.BooleanField(label=_("本户认可退出"), required=False)
    on = forms.DateField(label=_("拟退出日期"), required=False, widget=DATE)


class ExitStepForm(forms.Form):
    """One form for every exit step; each step reads the fields it needs."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.CharField(widget=forms.HiddenInput)
    appraisal = forms.CharField(label=_("民主评议情况"), max_length=500, required=False)
    starts_on = forms.DateField(label=_("公示开始"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("公示结束"), required=False, widget=DATE)
    text = forms.CharField(label=_("异议内容"), max_length=500, required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class ObjectionResolveForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.CharField(label=_("处理结果"), max_length=500)
