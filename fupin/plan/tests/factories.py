from fupin.plan import services
from fupin.plan.models import Plan


def plan_2020(**tracking):
    """The 2020 Jiangmen plan as its fixture loads it, made active; `tracking` overrides Plan.tracking_*
    fields (e.g. tracking_ends_on=None, tracking_starts_on=None for a plan without weekly tracking)."""
    plan = services.load_plan()
    if tracking:
        Plan.objects.filter(pk=plan.pk).update(**tracking)
        plan.refresh_from_db()
    return plan
