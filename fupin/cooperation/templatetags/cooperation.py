"""`|figure`: an indicator's number the project's way (fupin/core/display.py): money with two decimals,
a whole count without."""

from decimal import Decimal

from django import template

from fupin.core.display import money

register = template.Library()


@register.filter
def figure(value):
    if value in (None, ""):
        return money(value)
    value = Decimal(str(value))
    return money(value, 0 if value == value.to_integral_value() else 2)


@register.filter
def percent(share):
    """A share of the target (0.85) as 85.0%."""
    if share is None:
        return "—"
    return f"{Decimal(share) * 100:.1f}%"
