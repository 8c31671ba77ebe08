"""Form widgets shared by every app."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fupin.core.display import region_name


class DateInput(forms.DateInput):
    """The browser's date picker. It only accepts an ISO date as its value, whatever the page's language
    (a localised "2020/02/03" would show an empty field), so the value is always rendered as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


SUFFIX = "__name"


class RegionPicker(forms.Widget):
    """A text box for the name (the code on hover) with suggestions as one types, and a hidden input that
    carries the picked code; without a pick (or without script) the typed text is sent and the field
    resolves it."""

    def __init__(self, attrs=None, *, permission=None, levels=None):
        super().__init__(attrs)
        self.permission = permission
        self.levels = levels or []

    def suggestions_url(self):
        params = {"permission": self.permission or "", "levels": ",".join(str(v) for v in self.levels)}
        return reverse("region_suggestions") + "?" + urlencode({k: v for k, v in params.items() if v})

    def render(self, name, value, attrs=None, renderer=None):
        code = value or ""
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id") or f"id_{name}"
        shown = _shown_name(code)
        return format_html(
            '<input type="hidden" name="{name}" value="{code}" data-region-code>'
            '<input type="text" name="{name}{suffix}" id="{id}" value="{shown}" title="{code}" '
            'list="{id}-options" autocomplete="off" data-region-picker="{url}" placeholder="{hint}"{required}>'
            '<datalist id="{id}-options"></datalist>',
            name=name,
            suffix=SUFFIX,
            id=box_id,
            code=code,
            shown=shown,
            url=self.suggestions_url(),
            hint=_("输入地区名称"),
            required=" required" if self.is_required else "",
        )

    def value_from_datadict(self, data, files, name):
        code = (data.get(name) or "").strip()
        if name + SUFFIX not in data:
            return code
        text = (data.get(name + SUFFIX) or "").strip()
        if not text:
            return ""
        return code if code.isdigit() and region_name(code) == text else text

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SUFFIX not in data


def _shown_name(value):
    """The name in the box: a code's region name; typed text as typed (never a query with what was typed)."""
    if not value:
        return ""
    if not (value.isdigit() and len(value) <= 12):
        return value
    shown = region_name(value)
    return "" if shown == "—" else shown
