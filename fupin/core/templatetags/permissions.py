"""Offer only what the user may open: `{% if user|can:"ledgers.change_item" %}` guards a link with the
permission its page requires (the same `prefixes_for` the page's `require_perm` reads)."""

from django import template

register = template.Library()


@register.filter
def can(user, permission):
    """Whether the user holds the permission in some region."""
    prefixes_for = getattr(user, "prefixes_for", None)
    return bool(prefixes_for and prefixes_for(permission))
