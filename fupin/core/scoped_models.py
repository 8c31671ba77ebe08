"""The abstract model of a record that belongs to a village or region (docs/architecture.md, "Scope")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.models import ScopedQuerySet


class RegionScopedModel(models.Model):
    """A record keyed by the indexed 12-digit `region_code` of its village or region: at once its permission
    scope and its shard key. Every read is `Model.objects.visible_to(user)`; a model with reads of its own
    gives `objects` a subclass of ScopedQuerySet."""

    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
