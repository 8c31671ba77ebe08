"""User list filters shared by the page and its export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.accounts.models import RoleAssignment, User
from fupin.accounts.roles import Role
from fupin.core.filtering import RegionFilter

# `?sort=` keys of the user list whose field has another name.
SORTS = {"joined": ("date_joined",)}


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("角色"), choices=Role.choices, method="with_role", empty_label=_("全部")
    )
    region = RegionFilter(method="in_region")
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["q", "role", "region", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(username__icontains=value) | Q(display_name__icontains=value))
            if value
            else queryset
        )

    def with_role(self, queryset, name, value):
        return queryset.filter(pk__in=RoleAssignment.objects.filter(role=value).values("user_id"))

    def in_region(self, queryset, name, value):
        """The users holding a role in the region (or under it)."""
        holders = RegionFilter.keep(RoleAssignment.objects.all(), value, "region__code").values("user_id")
        return queryset.filter(pk__in=holders)
