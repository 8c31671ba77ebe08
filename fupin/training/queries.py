"""Reads of the training app: the coverage KPI and spending against the budget."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from fupin.employment.queries import plan_target
from fupin.plan.queries import rate, share_by_child_region
from fupin.training.models import Enrollment, TrainingClass, TrainingWillingness


def coverage(user) -> dict:
    """Share of the willing poor laborers who got free training (enrolled in a class), overall and by region."""
    willing = TrainingWillingness.objects.visible_to(user).filter(willing=True)
    trained = Exists(Enrollment.objects.filter(laborer_id=OuterRef("laborer_id")))
    willing = willing.annotate(trained=trained)
    total, done, rows = share_by_child_region(
        willing, user.prefixes_for(TrainingWillingness.view_permission), Q(trained=True), "trained_n"
    )
    return {
        "willing": total,
        "trained": done,
        "rate": rate(done, total),
        "rows": rows,
        "target": plan_target("training-coverage-rate"),
    }


def spending(user) -> dict:
    """Training spending of the classes in scope against the training budget of the plan."""
    classes = TrainingClass.objects.visible_to(user)
    spent = classes.aggregate(s=Sum("cost"))["s"] or Decimal("0")
    budget = plan_target("training-budget")
    return {
        "spent": spent,
        "budget": budget,
        "share": rate(spent, budget.value) if budget else None,
        "classes": classes.count(),
        "by_program": list(
            classes.order_by()
            .values("program__name")
            .annotate(n=Count("pk"), cost=Sum("cost"))
            .order_by("program__name")
        ),
    }


def class_figures(training_class) -> dict:
    enrolled = training_class.enrollments.all()
    return {
        "enrolled": enrolled.count(),
        "completed": enrolled.filter(completed=True).count(),
        "certified": enrolled.exclude(certificate="").count(),
    }


def trained_laborers_from(region_prefix: str, year: int | None = None) -> int:
    """Distinct laborers of a region who completed a class (of a year when given): the cooperation's
    劳务协作 training figure (unscoped: the caller scopes the indicator)."""
    qs = Enrollment.objects.in_region(region_prefix).filter(completed=True)
    if year:
        qs = qs.filter(training_class__ends_on__year=year)
    return qs.values("laborer_id").distinct().count()
