"""Forms of the registry pages; the services do the real checks, forms give early, per-field messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.masking import mask_id_number
from fupin.core.widgets import DateInput
from fupin.regions.models import Region, RegionLevel
from fupin.registry import identity
from fupin.registry.choices import Health, PovertyStatus
from fupin.registry.models import Household, Member
from fupin.registry.services import HOUSEHOLD_FIELDS, MEMBER_FIELDS


class VersionedForm(forms.ModelForm):
    """Carries the version the user saw; the service refuses the write when it is stale."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def validate_unique(self):
        """Uniqueness is checked by the service, which knows how much it may reveal."""

    def changed_values(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class HouseholdForm(VersionedForm):
    class Meta:
        model = Household
        fields = [f for f in HOUSEHOLD_FIELDS]
        widgets = {"address": forms.TextInput(attrs={"size": 40})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = (
            Region.objects.within_scope_of(user, "registry.change_household")
            .filter(level=RegionLevel.VILLAGE)
            .order_by("code")
        )
        self.fields["region"].queryset = villages
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        if self.instance.pk:
            self.fields["number"].help_text = ""
        else:
            self.fields["number"].required = False
            self.fields["number"].help_text = _("留空则自动生成（村代码+顺序号）")
        self.fields["income_per_capita"].min_value = 0


class HouseholdStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=PovertyStatus.choices)
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in PovertyStatus.choices if c[0] != household.status]
        if not self.is_bound:
            self.initial["version"] = household.version


class MemberForm(VersionedForm):
    health = forms.MultipleChoiceField(
        label=_("健康状况"),
        choices=Health.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        initial=["1"],
    )

    class Meta:
        model = Member
        fields = [f for f in MEMBER_FIELDS]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, show_full_id=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_full_id = show_full_id
        self.fields["sex"].required = False
        self.fields["birth_date"].required = False
        self.fields["sex"].help_text = _("留空则按身份证号码填写")
        self.fields["birth_date"].help_text = _("留空则按身份证号码填写")
        if self.instance.pk and not self.is_bound:
            self.initial["health"] = self.instance.health_codes
            if not show_full_id:
                self.initial["id_number"] = mask_id_number(self.instance.id_number)
                self.fields["id_number"].help_text = _("号码已隐藏；如需更正，请输入完整的新号码")
        self.id_warnings = []

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        if self.instance.pk and not self.show_full_id and value == mask_id_number(self.instance.id_number):
            return self.instance.id_number  # unchanged masked value: keep the stored number
        try:
            info = identity.check(value)
        except identity.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.id_warnings = info.warnings
        return info.number

    def clean_health(self):
        codes = self.cleaned_data["health"]
        if "1" in codes and len(codes) > 1:
            raise forms.ValidationError(_("“健康”不能与其他健康状况同时选择。"))
        return ",".join(codes)

    def changed_values(self):
        values = super().changed_values()
        if self.instance.pk:
            # Only what the user changed, so that a masked ID is never written back.
            values = {k: v for k, v in values.items() if k in self.changed_data}
        return values


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("移除原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("例如：死亡、嫁出、迁出、错误登记"),
    )
