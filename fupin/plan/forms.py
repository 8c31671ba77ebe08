from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.widgets import DateInput
from fupin.plan.models import Measure, Plan, PostingKind, Target, TaskStatus
from fupin.plan.services import TRACKING_FIELDS
from fupin.regions.fields import RegionField, scope_region_fields
from fupin.regions.models import Region


class TargetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Target
        fields = ["label", "unit", "value", "at_least", "deadline"]
        widgets = {"deadline": DateInput()}


class TrackingForm(forms.ModelForm):
    """From when to when weekly tracking runs and when a week is due."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Plan
        fields = TRACKING_FIELDS
        widgets = {
            "tracking_starts_on": DateInput(),
            "tracking_ends_on": DateInput(),
            "tracking_due_hour": forms.NumberInput(attrs={"min": 0, "max": 23}),
        }


class TaskReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=TaskStatus.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TaskAssignForm(forms.Form):
    """A new task for one responsible unit of a measure, with its own deadline (R7.1)."""

    measure = forms.ModelChoiceField(label=_("措施"), queryset=Measure.objects.none())
    unit = forms.CharField(
        label=_("责任单位"),
        max_length=128,
        help_text=_("须为该措施所列的牵头或责任单位"),
        widget=forms.TextInput(attrs={"list": "plan-units"}),
    )
    title = forms.CharField(label=_("任务"), max_length=255)
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=DateInput())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(plan=plan).order_by("number")


class PostingForm(forms.Form):
    """A first secretary (posted to a village) or a town work group on the roster (R7.2)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=PostingKind.choices)
    region_code = RegionField(label=_("派驻村/镇(街)"), permission="plan.manage_roster", levels=[4, 5])
    name = forms.CharField(label=_("姓名/组长"), max_length=64)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    sending_unit = forms.CharField(label=_("派出单位"), max_length=128)
    term_starts_on = forms.DateField(label=_("任期开始"), widget=DateInput())
    term_ends_on = forms.DateField(label=_("任期结束"), required=False, widget=DateInput())
    on_post = forms.BooleanField(label=_("在岗"), required=False, initial=True)
    villages = forms.ModelMultipleChoiceField(
        label=_("联系村"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("第一书记的派驻村自动计入"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope_region_fields(self, user)
        villages = Region.objects.within_scope_of(user, "plan.manage_roster").filter(level=5)
        self.fields["villages"].queryset = villages.order_by("code")
