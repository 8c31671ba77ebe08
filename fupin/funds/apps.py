from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "fupin.funds"
    label = "funds"
    verbose_name = _("专项资金")

    def ready(self):
        # The ledgers sit below funds and read what was paid to a supervision target through this port.
        from fupin.funds import queries
        from fupin.ledgers import payments

        payments.install(queries)
