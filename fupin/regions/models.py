"""The region tree: 12-digit statistical division codes whose prefix is the subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import check_rule, optional_link
from fupin.core.models import ScopedQuerySet
from fupin.core.regioncodes import LEVEL_DIGITS, ancestors, code_range


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    COUNTY = 3, _("县/区")
    TOWN = 4, _("镇/街")
    VILLAGE = 5, _("村/居")


class RegionQuerySet(ScopedQuerySet):
    # Users also read the regions above theirs, so that breadcrumbs and pickers make sense.
    region_field = "code"
    covering = True
    in_every_domain = True

    def under(self, prefix):
        """The region with this prefix and everything below it."""
        return self.filter(code__range=code_range(prefix))

    def within_scope_of(self, user, permission=None):
        """Only regions inside the user's scope (no ancestors)."""
        return self.visible_to(user, permission, covering=False)


class Region(models.Model):
    """An administrative division: province, city, county, town or village."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("级别"), choices=RegionLevel.choices, db_index=True)
    parent = optional_link("self", _("上级"), related_name="children")
    full_name = models.CharField(_("全称"), max_length=255, blank=True)

    view_permission = "regions.view_region"

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("区域")
        constraints = [
            check_rule(
                models.Q(code__regex=r"^[0-9]{12}$"),
                "region_code_is_12_digits",
                _("区划代码必须是12位数字。"),
            ),
        ]
        indexes = [models.Index(fields=["parent", "name"], name="region_parent_name")]

    def __str__(self):
        return self.name

    @property
    def prefix(self):
        return self.code[: LEVEL_DIGITS[self.level]]

    def is_within(self, prefix):
        return self.code.startswith(prefix)

    def ancestors(self):
        return list(Region.objects.filter(code__in=ancestors(self.code)).order_by("level"))
