"""The region tree: 12-digit statistical division codes whose prefix is the subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.regioncodes import LEVEL_DIGITS, code_range, subtree_q


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    COUNTY = 3, _("县/区")
    TOWN = 4, _("镇/街")
    VILLAGE = 5, _("村/居")


class RegionQuerySet(models.QuerySet):
    def under(self, prefix):
        """The region with this prefix and everything below it."""
        return self.filter(code__range=code_range(prefix))

    def visible_to(self, user, permission="regions.view_region"):
        if user is None or not user.is_authenticated:
            return self.none()
        prefixes = user.prefixes_for(permission)
        # Users also see the ancestors of their scope so that breadcrumbs and pickers make sense.
        ancestors = {
            p[: LEVEL_DIGITS[level]]
            for p in prefixes
            for level in LEVEL_DIGITS
            if LEVEL_DIGITS[level] < len(p)
        }
        ancestor_codes = [a.ljust(12, "0") for a in ancestors]
        return self.filter(subtree_q(prefixes, "code") | models.Q(code__in=ancestor_codes))

    def within_scope_of(self, user, permission="regions.view_region"):
        """Only regions inside the user's scope (no ancestors)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(subtree_q(user.prefixes_for(permission), "code"))


class Region(models.Model):
    """An administrative division: province, city, county, town or village."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("级别"), choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField(_("全称"), max_length=255, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{12}$"),
                name="region_code_is_12_digits",
                violation_error_message=_("区划代码必须是12位数字。"),
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
        codes = [self.code[: LEVEL_DIGITS[lv]].ljust(12, "0") for lv in range(1, self.level)]
        return list(Region.objects.filter(code__in=codes).order_by("level"))
