import datetime

import factory

from fupin.ledgers import tally
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.models import LedgerItem


class LedgerItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerItem
        skip_postgeneration_save = True

    kind = LedgerKind.PROBLEM
    region_code = "440703101201"
    description = factory.Sequence(lambda n: f"问题{n}：住房安全鉴定资料不全")
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
    lead_unit = "市住房城乡建设局"
    town_person = "黄镇长"
    town_phone = "13800000002"
    village_person = "陈书记"
    village_phone = "13800000001"

    @factory.post_generation
    def counted(item, create, extracted, **kwargs):
        """An item that exists is counted in the tally, as the services would have counted it."""
        if create:
            tally.apply_delta(tally.key_of(item), 1)
