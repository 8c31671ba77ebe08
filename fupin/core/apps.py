from django.apps import AppConfig
from django.db.models.signals import class_prepared


def chinese_plural(sender, **kwargs):
    """A Chinese name has no plural: a project model that names itself and no plural is listed by its name,
    not by Django's English default (name + "s"). Recorded as if the Meta said so, so the migrations, which
    do say so, see no change."""
    meta = sender._meta
    if not sender.__module__.startswith("fupin.") or "verbose_name_plural" in meta.original_attrs:
        return
    if "verbose_name" in meta.original_attrs:
        meta.verbose_name_plural = meta.verbose_name
        meta.original_attrs["verbose_name_plural"] = meta.verbose_name


# Connected when the app registry imports this module, before any model of the project is defined.
class_prepared.connect(chinese_plural, dispatch_uid="fupin.core.chinese_plural")


class CoreConfig(AppConfig):
    name = "fupin.core"
    label = "core"
