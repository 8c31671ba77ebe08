"""The region picker: a form field where a person types a region's name (or its code) and picks it from
suggestions within their scope; the form receives the 12-digit code (docs/display.md, "Regions by name")."""

from django import forms
from django.utils.translation import gettext_lazy

from fupin.core.display import region_name
from fupin.core.widgets import SUFFIX, RegionPicker  # noqa: F401  (the widget lives in core: filters use it too)
from fupin.regions.models import Region


class RegionField(forms.CharField):
    """A region by name or code, within the scope of `user` (set with `for_user`) for `permission`; cleans
    to the region's 12-digit code."""

    default_error_messages = {
        "unknown": gettext_lazy("没有名为“%(value)s”的地区（或不在您的工作范围内）。"),
        "ambiguous": gettext_lazy("有多个名为“%(value)s”的地区：%(choices)s。请从建议中选择。"),
    }

    def __init__(self, *, permission=None, levels=None, **kwargs):
        self.permission = permission
        self.levels = list(levels or [])
        self.user = None
        kwargs.setdefault("widget", RegionPicker(permission=permission, levels=self.levels))
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def for_user(self, user):
        self.user = user
        return self

    def _candidates(self):
        regions = Region.objects.all()
        if self.user is not None:
            regions = Region.objects.within_scope_of(self.user, self.permission)
        if self.levels:
            regions = regions.filter(level__in=self.levels)
        return regions

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        regions = self._candidates()
        if value.isdigit():  # a code, or its significant prefix ('4407' is 440700000000)
            found = list(regions.filter(code=value.ljust(12, "0"))[:1]) if len(value) <= 12 else []
        else:
            found = list(regions.filter(name=value)[:6])
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        if len(found) > 1:
            choices = "、".join(f"{r.name}（{region_name(r.parent_id)}）" for r in found)
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"value": value, "choices": choices},
            )
        return found[0].code


def scope_region_fields(form, user):
    """Limit every region field of the form to the user's scope (call from the form's __init__)."""
    for field in form.fields.values():
        if isinstance(field, RegionField):
            field.for_user(user)
    return form
