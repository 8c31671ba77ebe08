"""The model field by which a record of another app names the registered household it is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _

POOR_HOUSEHOLD = _("贫困户")


def household_field(
    verbose_name=POOR_HOUSEHOLD, *, on_delete=models.PROTECT, optional=False, related_name="+"
):
    """The registered household a record is about, never followed back from the household unless
    `related_name` names the way; `optional` for a record that may name none."""
    extra = {"null": True, "blank": True} if optional else {}
    return models.ForeignKey(
        "registry.Household",
        verbose_name=verbose_name,
        on_delete=on_delete,
        related_name=related_name,
        **extra,
    )
