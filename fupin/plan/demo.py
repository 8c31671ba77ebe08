"""Demo data for the plan: the 2020 Jiangmen plan from its fixture, with a few tasks under way."""

from fupin.plan import services
from fupin.plan.models import PlanTask, TaskStatus
from fupin.plan.queries import active_plan


def build_demo(rng, log):
    # Loaded once: other apps' records (funds on its budget lines) keep the plan from being replaced.
    plan = active_plan() or services.load_plan()
    tasks = list(PlanTask.objects.filter(measure__plan=plan))
    for task in tasks:
        task.status = rng.choice([TaskStatus.TODO, TaskStatus.DOING, TaskStatus.DOING, TaskStatus.DONE])
    PlanTask.objects.bulk_update(tasks, ["status"])
    log(f"plan: {plan.code} loaded with {len(tasks)} unit tasks")
    return plan
