"""FilterSets shared by the list pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import NumberFilter, date_range
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.regions.filters import RegionFilterSet


class FundFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("编码"), field_name="budget_line__code")

    class Meta:
        model = Fund
        fields = ["code"]


class AllocationFilter(RegionFilterSet):
    region_field = "region__code"
    fund = django_filters.ModelChoiceFilter(
        label=_("专项资金"), queryset=Fund.objects.select_related("budget_line")
    )
    document_number = django_filters.CharFilter(label=_("文号"), lookup_expr="contains")
    date_from, date_to = date_range("allocated_on", _("下达日期起"), _("下达日期止"))

    class Meta:
        model = Allocation
        fields = ["fund", "region", "document_number", "status", "date_from", "date_to"]


class DisbursementFilter(RegionFilterSet):
    fund = django_filters.ModelChoiceFilter(
        label=_("专项资金"),
        field_name="allocation__fund",
        queryset=Fund.objects.select_related("budget_line"),
    )
    allocation = NumberFilter(label=_("下达编号"), field_name="allocation_id")
    payee_name = django_filters.CharFilter(label=_("收款对象"), lookup_expr="contains")
    date_from, date_to = date_range("paid_on", _("支出日期起"), _("支出日期止"))

    class Meta:
        model = Disbursement
        fields = [
            "fund",
            "region",
            "allocation",
            "payee_kind",
            "payee_name",
            "status",
            "date_from",
            "date_to",
        ]
