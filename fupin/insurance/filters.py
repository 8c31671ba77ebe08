import django_filters
from django.utils.translation import gettext_lazy as _

from fupin.core.filtering import YearFilter
from fupin.insurance.models import Claim, Policy, Product
from fupin.regions.filters import RegionFilterSet


class PolicyFilter(RegionFilterSet):
    product = django_filters.ModelChoiceFilter(label=_("保险产品"), queryset=Product.objects.all())
    year = YearFilter(label=_("保险年度"))
    paid = django_filters.BooleanFilter(
        label=_("保费已付"), field_name="payment", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Policy
        fields = ["region", "product", "year", "paid"]


class ClaimFilter(RegionFilterSet):
    year = YearFilter(label=_("年度"), field_name="occurred_on", lookup_expr="year")

    class Meta:
        model = Claim
        fields = ["region", "cause", "status", "year"]
