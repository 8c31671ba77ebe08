from django import forms

from fupin.plan.models import Target, TaskStatus


class TargetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Target
        fields = ["label", "unit", "value", "at_least", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}


class TaskReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=TaskStatus.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
