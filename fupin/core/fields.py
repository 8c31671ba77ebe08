"""The fields and rules the apps' models declare alike: who did something, an optional link, an amount of
yuan, a status, and the rules the database keeps with the message a person sees when input breaks one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def user_field(verbose_name=None, *, related_name="+", blank=True):
    """The person who did something to a record (created, decided, closed it): kept when the account is
    removed as an empty value, never followed back from the user (`related_name="+"`) unless named."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def optional_link(to, verbose_name=None, *, on_delete=models.PROTECT, related_name="+"):
    """A link a record may lack (empty in the database and in forms), never followed back unless
    `related_name` names the way; `user_field` is the one to a user."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )


def money_field(verbose_name, **kwargs):
    """An amount of yuan: 14 digits, 2 of them decimals."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def status_field(choices, default, max_length):
    """The 状态 of a record moving through `choices` (a TextChoices), starting at `default`."""
    return models.CharField(_("状态"), max_length=max_length, choices=choices.choices, default=default)


def check_rule(condition, name, message):
    """A rule of the record the database keeps (`Meta.constraints`), with the message a form or an import
    shows the person whose input breaks it."""
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def unique_rule(fields, name, message, **kwargs):
    """Fields whose values one record alone may hold together (`condition=` for a partial rule), with the
    message shown to the person who would enter a second."""
    return models.UniqueConstraint(fields=fields, name=name, violation_error_message=message, **kwargs)
