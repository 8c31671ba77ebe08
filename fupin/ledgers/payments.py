"""The payments port of the ledgers: what was paid to a supervision target's household (R5.5).

Money spent on a supervision target is never typed into the ledgers: it is what the funds app paid to the
household. The funds app builds on the ledgers (its rules read the supervision list), so the ledgers cannot
import it; the funds app fills this port in when it starts (`fupin.funds.apps.FundsConfig.ready` calls
`install(fupin.funds.queries)`), as the audit app fills core's audit port (`fupin.core.auditing`).
"""

from django.core.exceptions import ImproperlyConfigured

from fupin.ledgers.choices import SupervisionGroup

_reader = None

# The plan's budget line each group spends from; water has no line of its own in the 2020 plan, so a water
# target's money is what its household was paid from any line not claimed by another group.
GROUP_LINES = {
    SupervisionGroup.HOUSING: "housing-renovation",
    SupervisionGroup.INCOME: "unstable-household-industry",
}


def install(reader):
    """Use `reader` (a module or object with paid_to_households and payments_to_household)."""
    global _reader
    _reader = reader


def _installed():
    if _reader is None:
        raise ImproperlyConfigured("fupin.funds is not in INSTALLED_APPS: the ledgers cannot read payments.")
    return _reader


def paid_for_group(group, household_ids) -> dict:
    """{household id: money paid} to these households for the group's work."""
    line = GROUP_LINES.get(group)
    if line is not None:
        return _installed().paid_to_households(household_ids, lines=[line])
    return _installed().paid_to_households(household_ids, other_than=list(GROUP_LINES.values()))


def payments_to_household(household_id) -> list[dict]:
    return _installed().payments_to_household(household_id)
