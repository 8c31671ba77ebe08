"""`{% posted_to region_code %}`: the table row naming the first secretaries and the town work group of a
village, for the ledger and supervision pages (R7.2)."""

from django import template

from fupin.plan.queries import posted_to as roster_of

register = template.Library()


@register.inclusion_tag("plan/includes/_posted_to.html")
def posted_to(region_code):
    return roster_of(region_code)
