import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.finance.choices import LoanStanding
from fupin.finance.models import InterestSubsidy, Loan
from fupin.regions.filters import RegionFilterSet


class LoanFilter(RegionFilterSet):
    bank = django_filters.CharFilter(label=_("贷款银行"), lookup_expr="contains")
    standing = django_filters.ChoiceFilter(
        label=_("还款状态"), choices=LoanStanding.choices, method="filter_standing"
    )

    class Meta:
        model = Loan
        fields = ["region", "kind", "bank", "use", "standing", "contract_number"]

    def filter_standing(self, queryset, name, value):
        on = timezone.localdate()
        if value == LoanStanding.REPAID:
            return queryset.filter(balance=0)
        if value == LoanStanding.OVERDUE:
            return queryset.overdue(on)
        if value == LoanStanding.DEFERRED:
            return queryset.deferred(on)
        return queryset.outstanding().filter(repay_by__gte=on).exclude(deferred_until__gte=on)


class SubsidyFilter(RegionFilterSet):
    class Meta:
        model = InterestSubsidy
        fields = ["region", "quarter"]
