"""Template tags over fupin.audit.display: audit entries shown to people, never as codes."""

from django import template

from fupin.audit import display

register = template.Library()


@register.filter
def action_label(code):
    return display.action_label(code)


@register.simple_tag
def change_rows(entry, hidden=""):
    """See `display.change_rows`; `hidden` names fields left out, separated by commas."""
    return display.change_rows(entry, hidden=set(filter(None, hidden.split(","))))
