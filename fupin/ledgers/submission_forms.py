"""Form and FilterSet of the district ledger reports (fupin.ledgers.submission), for pages and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import RegionFilter
from fupin.core.widgets import DateInput
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.models import LedgerSubmission, LedgerSubmissionStatus
from fupin.regions.fields import RegionField
from fupin.regions.models import RegionLevel


class SubmitLedgerForm(forms.Form):
    region_code = RegionField(
        label=_("市(区)"),
        permission="ledgers.create_item",
        levels=[RegionLevel.COUNTY],
        help_text=_("输入地区名称，从建议中选择"),
    )
    kind = forms.ChoiceField(label=_("台账类型"), choices=LedgerKind.choices, initial=LedgerKind.ASSISTANCE)
    as_of = forms.DateField(label=_("报送截至日期"), widget=DateInput())
    note = forms.CharField(label=_("报送说明"), max_length=500, required=False)


class SubmissionActionForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class LedgerSubmissionFilter(django_filters.FilterSet):
    region = RegionFilter(field_name="region_code")
    kind = django_filters.ChoiceFilter(label=_("台账类型"), choices=LedgerKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=LedgerSubmissionStatus.choices)
    as_of_from = django_filters.DateFilter(
        label=_("截至日期从"), field_name="as_of", lookup_expr="gte", widget=DateInput()
    )
    as_of_to = django_filters.DateFilter(
        label=_("截至日期到"), field_name="as_of", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = LedgerSubmission
        fields = ["region", "kind", "status", "as_of_from", "as_of_to"]
