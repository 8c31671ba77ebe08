"""Template filters that show values the project's one way (fupin/core/display.py, docs/display.md)."""

from django import template

from fupin.core import display

register = template.Library()


@register.filter
def money(value):
    """{{ amount|money }} → 19,100,000.00"""
    return display.money(value)


@register.filter
def count(value):
    """{{ households|count }} → 13,207"""
    return display.count(value)


@register.filter
def region(code):
    """{{ item.region_code|region }} → 棠下镇, with the code on hover."""
    return display.region_html(code)


@register.filter
def region_name(code):
    """{{ code|region_name }} → 棠下镇 as plain text (attributes, option labels)."""
    return display.region_name(code)


@register.filter
def data(text):
    """{{ measure.title|data }}: a text of shipped reference data (the plan fixture) in the page's language,
    when the catalogue has it (fupin/plan/fixture_strings.py); otherwise as stored."""
    return display.data_text(text)
