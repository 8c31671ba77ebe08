"""Shared abstract models and the region-scoped QuerySet every growing table uses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import significant_prefix, subtree_q


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
    """QuerySet for tables carrying `region_code`; `visible_to` is the one way to read scoped rows.

    A model using it declares `view_permission` (e.g. "registry.view_household"); the user's role
    assignments that grant that permission give the region prefixes they may read.
    """

    region_field = "region_code"

    def in_region(self, region_or_code):
        code = getattr(region_or_code, "code", region_or_code)
        prefix = code if len(code) < 12 else significant_prefix(code)
        return self.filter(subtree_q([prefix], self.region_field))

    def in_prefixes(self, prefixes):
        return self.filter(subtree_q(prefixes, self.region_field))

    def visible_to(self, user, permission=None):
        permission = permission or self.model.view_permission
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(subtree_q(user.prefixes_for(permission), self.region_field))
