"""Template filters of the registry pages: masked IDs. Audit entries are shown through
fupin.audit.display (the `audit_display` tags)."""

from django import template

from fupin.core.masking import mask_id_number

register = template.Library()


@register.filter
def masked_id(value):
    return mask_id_number(value)
