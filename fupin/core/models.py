"""Shared abstract models and the region-scoped QuerySet every growing table uses."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import LEVEL_DIGITS, covering_codes, significant_prefix, subtree_q

CITY_DIGITS = LEVEL_DIGITS[2]
DISTRICT_DIGITS = LEVEL_DIGITS[3]


class LikelyTrue(models.Func):
    """A condition that holds for most rows, said so to SQLite (`likelihood(X, 0.9375)`); other databases get
    the condition as it is (PostgreSQL's planner has the column's histogram and needs no hint)."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"likelihood(({sql}), 0.9375)", params


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
      by users whose scope is a whole city or more;
    - `domains`: {domain: a function returning the Q of the rows of that domain}, for a model whose view
      right a city department holds only over its domain (accounts.roles.DOMAIN_LIMITED: 住建局 reads the
      households with an unsafe house, not every household of the city). No entry: no rows for it;
    - `in_every_domain`: every row belongs to every department's domain (the regions: no personal data, so
      a region picker over the households a department reads offers its regions).
    """

    region_field = "region_code"
    covering = False
    unplaced = False
    domains: dict = {}
    in_every_domain = False

    def in_region(self, region_or_code):
        code = getattr(region_or_code, "code", region_or_code)
        prefix = code if len(code) < 12 else significant_prefix(code)
        return self.filter(subtree_q([prefix], self.region_field))

    def in_prefixes(self, prefixes):
        return self.filter(subtree_q(prefixes, self.region_field))

    def visible_to(self, user, permission=None, *, covering=None, sorted_by_index=False):
        """Rows under the regions where the user holds the permission (by default the model's
        `view_permission`); `covering` overrides the queryset's option for one call.

        `sorted_by_index`: the caller orders by an indexed column other than the region code and reads one
        page. Over a district or more, SQLite (built without STAT4, so without histograms) takes the scope's
        code range for a small part of the table, reads it all from the region index and sorts it; told that
        the range holds for most rows, it walks the sort's index and stops at the page's end instead
        (docs/performance.md, "Registry search"). A town's or a village's range stays the index to read."""
        permission = permission or self.model.view_permission
        if user is None or not user.is_authenticated:
            return self.none()
        prefixes = user.prefixes_for(permission)
        q = subtree_q(prefixes, self.region_field)
        if self.covering if covering is None else covering:
            q |= Q(**{f"{self.region_field}__in": sorted(covering_codes(prefixes))})
        if self.unplaced and any(len(p) <= CITY_DIGITS for p in prefixes):
            q |= Q(**{self.region_field: ""})
        for prefix, domain in getattr(user, "domains_for", lambda _p: [])(permission):
            rows = (lambda: Q()) if self.in_every_domain else self.domains.get(domain)
            if rows is not None:
                q |= subtree_q([prefix], self.region_field) & rows()
        if sorted_by_index and prefixes and all(len(p) <= DISTRICT_DIGITS for p in prefixes):
            return self.filter(LikelyTrue(q))
        return self.filter(q)
