from django.utils import timezone

from fupin.core.views import require_perm

VIEW, CHANGE, REVIEW, RULES, IMPORT = (
    "monitoring.view_signal",
    "monitoring.change_signal",
    "monitoring.review_case",
    "monitoring.manage_rule",
    "monitoring.import_signal",
)
TABS = "monitoring/includes/_tabs.html"


def require(user, permission=VIEW):
    require_perm(user, permission)


def today():
    return timezone.localdate()
