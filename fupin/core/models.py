"""Shared abstract models and the region-scoped QuerySet every growing table uses."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import LEVEL_DIGITS, covering_codes, significant_prefix, subtree_q

CITY_DIGITS = LEVEL_DIGITS[2]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic concurrency: forms and the API send `version` back; services refuse a stale one."""

    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        abstract = True


class ScopedQuerySet(models.QuerySet):
    """QuerySet for tables carrying a region code; `visible_to` is the one way to read scoped rows.

    A model using it declares `view_permission` (e.g. "registry.view_household"); the user's role
    assignments that grant that permission give the region prefixes they may read. A queryset subclass
    only declares options, it never overrides `visible_to`:

    - `region_field`: the column holding the 12-digit code ("code" for the regions themselves);
    - `covering`: records of the regions above the user's are read too (the city's plan and funds are
      the town's to read; the breadcrumbs of a village name its town and district);
    - `unplaced`: rows with no region (an empty code, e.g. a sign-in with an unknown user name) are read
      by users whose scope is a whole city or more.
    """

    region_field = "region_code"
    covering = False
    unplaced = False

    def in_region(self, region_or_code):
        code = getattr(region_or_code, "code", region_or_code)
        prefix = code if len(code) < 12 else significant_prefix(code)
        return self.filter(subtree_q([prefix], self.region_field))

    def in_prefixes(self, prefixes):
        return self.filter(subtree_q(prefixes, self.region_field))

    def visible_to(self, user, permission=None, *, covering=None):
        """Rows under the regions where the user holds the permission (by default the model's
        `view_permission`); `covering` overrides the queryset's option for one call."""
        permission = permission or self.model.view_permission
        if user is None or not user.is_authenticated:
            return self.none()
        prefixes = user.prefixes_for(permission)
        q = subtree_q(prefixes, self.region_field)
        if self.covering if covering is None else covering:
            q |= Q(**{f"{self.region_field}__in": sorted(covering_codes(prefixes))})
        if self.unplaced and any(len(p) <= CITY_DIGITS for p in prefixes):
            q |= Q(**{self.region_field: ""})
        return self.filter(q)
