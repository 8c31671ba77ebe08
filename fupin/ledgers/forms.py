from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.ledgers.choices import HOUSEHOLD_CHECKS, OLD_BASE_CHECKS, CheckItem
from fupin.ledgers.models import LedgerItem, RenovationRecord, SupervisionTarget, VillageProfile
from fupin.ledgers.services import EDITABLE_FIELDS
from fupin.ledgers.supervision import PLAN_FIELDS
from fupin.regions.fields import RegionField, scope_region_fields
from fupin.regions.models import RegionLevel
from fupin.registry.choices import HousingGrade

DATE = DateInput()
# The plan measure an item serves is set where the item is generated, not on this form.
ITEM_FIELDS = [name for name in EDITABLE_FIELDS if name != "measure"]


class UserRegionsForm:
    """A form whose region fields offer only the regions of the `user` it is made for."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope_region_fields(self, user)


class LedgerItemForm(UserRegionsForm, forms.ModelForm):
    region_code = RegionField(
        label=_("地区"), permission="ledgers.create_item", required=False, help_text=_("选择了户时可不填")
    )
    household_number = forms.CharField(label=_("户编号"), max_length=32, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LedgerItem
        fields = ITEM_FIELDS
        widgets = {
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "target": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("region_code") and not data.get("household_number"):
            self.add_error("region_code", _("请填写区划代码或户编号。"))
        return data


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE, required=False)
    text = forms.CharField(label=_("进展"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    text = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    file = forms.FileField(
        label=_("文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件 (.xlsx)"))


def _check_field(item):
    return forms.TypedChoiceField(
        label=CheckItem(item).label,
        coerce=lambda v: v == "1",
        choices=[("1", _("通过")), ("0", _("未通过"))],
        widget=forms.RadioSelect,
        initial="1",
    )


class HouseholdScreeningForm(forms.Form):
    checked_on = forms.DateField(label=_("排查日期"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in HOUSEHOLD_CHECKS:
            self.fields[item.value] = _check_field(item)

    def results(self):
        return {CheckItem(k): self.cleaned_data[k.value] for k in HOUSEHOLD_CHECKS}


NOT_APPLICABLE = ""


def _old_base_field(item):
    return forms.ChoiceField(
        label=CheckItem(item).label,
        choices=[(NOT_APPLICABLE, _("不适用（非革命老区村）")), ("1", _("通过")), ("0", _("未通过"))],
        widget=forms.RadioSelect,
        required=False,
        initial=NOT_APPLICABLE,
    )


class VillageScreeningForm(UserRegionsForm, forms.Form):
    region_code = RegionField(label=_("村"), levels=[RegionLevel.VILLAGE])
    checked_on = forms.DateField(label=_("排查日期"), widget=DATE, required=False)
    collective_income = forms.DecimalField(
        label=_("村级集体可支配收入(元)"), min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in OLD_BASE_CHECKS:
            self.fields[item.value] = _old_base_field(item)

    def results(self):
        """The old revolutionary village items answered (the collective income item is judged by the service)."""
        answers = {CheckItem(k): self.cleaned_data.get(k.value) for k in OLD_BASE_CHECKS}
        return {k: v == "1" for k, v in answers.items() if v != NOT_APPLICABLE}


def plan_widgets(rows):
    """The widgets of a target's plan: date pickers, and a measures box `rows` lines high."""
    return {
        "plan_start": DATE,
        "plan_end": DATE,
        "deadline": DATE,
        "plan_measures": forms.Textarea(attrs={"rows": rows}),
    }


class SupervisionTargetForm(UserRegionsForm, forms.ModelForm):
    household_number = forms.CharField(label=_("户编号"), max_length=32, required=False)
    member_id_number = forms.CharField(label=_("人员身份证号"), max_length=18, required=False)
    region_code = RegionField(label=_("村"), levels=[RegionLevel.VILLAGE], required=False)

    class Meta:
        model = SupervisionTarget
        fields = ["kind", "group", *PLAN_FIELDS]
        widgets = plan_widgets(rows=3)


class SupervisionPlanForm(forms.ModelForm):
    """The one plan of a target (一户一策), edited after its creation."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SupervisionTarget
        fields = PLAN_FIELDS
        widgets = plan_widgets(rows=4)


class CheckinForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=DateInput())
    text = forms.CharField(label=_("帮扶情况"), widget=forms.Textarea(attrs={"rows": 2}))


class DoneRequestForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("完成日期"), widget=DATE, required=False)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RenovationForm(forms.ModelForm):
    class Meta:
        model = RenovationRecord
        fields = ["grade_before", "work", "started_on", "accepted_on", "grade_after"]
        widgets = {"started_on": DATE, "accepted_on": DATE, "work": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade_before"].required = False
        self.fields["grade_before"].help_text = _("不填则取户籍登记的住房安全等级")


class RenovationAcceptForm(forms.Form):
    accepted_on = forms.DateField(label=_("竣工验收日期"), widget=DATE)
    grade_after = forms.ChoiceField(label=_("验收后住房安全等级"), choices=HousingGrade.choices)


class VillageForm(UserRegionsForm, forms.ModelForm):
    region_code = RegionField(
        label=_("村"), levels=[RegionLevel.VILLAGE], permission="ledgers.manage_supervision"
    )

    class Meta:
        model = VillageProfile
        fields = ["region_code", "old_revolutionary", "note"]


class VillageEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = VillageProfile
        fields = ["old_revolutionary", "note"]


class IncomeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2013, max_value=2100)
    amount = forms.DecimalField(
        label=_("村级集体可支配收入(元)"), min_value=0, max_digits=12, decimal_places=2
    )
