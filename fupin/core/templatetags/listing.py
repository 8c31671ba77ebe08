"""Template tags of list pages: the URL of another page of the same list, every other parameter kept."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
