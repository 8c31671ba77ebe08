from django import forms

from fupin.core.widgets import DateInput
from fupin.plan.models import Plan, Target, TaskStatus
from fupin.plan.services import TRACKING_FIELDS


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
