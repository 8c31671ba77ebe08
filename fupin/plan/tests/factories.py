import datetime

import factory

from fupin.plan import services
from fupin.plan.models import Plan, Posting, PostingKind
from fupin.regions.models import Region


def plan_2020(**tracking):
    """The 2020 Jiangmen plan as its fixture loads it, made active; `tracking` overrides Plan.tracking_*
    fields (e.g. tracking_ends_on=None, tracking_starts_on=None for a plan without weekly tracking)."""
    plan = services.load_plan()
    if tracking:
        Plan.objects.filter(pk=plan.pk).update(**tracking)
        plan.refresh_from_db()
    return plan


class PostingFactory(factory.django.DjangoModelFactory):
    """A first secretary on post in a village (the village covered), sent by a city department."""

    class Meta:
        model = Posting
        skip_postgeneration_save = True

    kind = PostingKind.FIRST_SECRETARY
    region_code = "440703101201"
    name = factory.Sequence(lambda n: f"书记{n}")
    sending_unit = "市人力资源社会保障局"
    term_starts_on = datetime.date(2019, 6, 1)
    on_post = True

    @factory.post_generation
    def villages(obj, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else [obj.region_code]
            obj.villages.set(Region.objects.filter(code__in=codes))
