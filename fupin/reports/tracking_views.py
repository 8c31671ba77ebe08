"""Reporting discipline (R1.6): every village week on time, late (and how late) or missing, and the
reminders sent to villages that had not submitted. Both are list pages (filter, sort, pages, export)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.display import date_text, region_name
from fupin.core.listing import Col, list_page
from fupin.core.views import requires
from fupin.reports import queries
from fupin.reports.choices import Timeliness
from fupin.reports.filters import ReminderFilter, VillageWeekFilter

VIEW = "reports.view_assessment"


def _timeliness_label(report, now):
    return str(Timeliness(report.timeliness(now)).label)


def village_week_columns(now):
    return [
        Col(gettext_lazy("周期"), lambda r: r.period.label, 24, sort="period"),
        Col(gettext_lazy("村(居)"), lambda r: region_name(r.region_code), 16, sort="region_code"),
        Col(gettext_lazy("状态"), lambda r: r.get_status_display(), 10, sort="status"),
        Col(gettext_lazy("截止时间"), lambda r: date_text(r.period.due_at), 16),
        Col(gettext_lazy("上报时间"), lambda r: date_text(r.submitted_at), 16, sort="submitted_at"),
        Col(gettext_lazy("及时性"), lambda r: _timeliness_label(r, now), 10),
        Col(
            gettext_lazy("逾期时长"), lambda r: queries.lateness_text(r.late_minutes), 12, sort="late_minutes"
        ),
        Col(gettext_lazy("应报户数"), lambda r: r.expected, 10, num=True),
        Col(gettext_lazy("已评估户数"), lambda r: r.assessed, 10, num=True),
    ]


def tab_list(request, tab, *, context=None, **options):
    """A list page of the reports under the tab `tab` (village weeks, reminders, supplies): `list_page`
    with the tabs of the reports above it; a `period` column sorts by the week's start."""
    return list_page(
        request,
        sorts={"period": ("period__starts_on", "region_code")},
        tabs="reports/includes/_tabs.html",
        context={"tab": tab, "prefix": "", "period_id": "", **(context or {})},
        **options,
    )


@requires(VIEW)
def timeliness(request):
    """Per village per week: on time, late (with how late) or missing; filter by week, region and state."""
    columns = village_week_columns(timezone.now())
    columns[1].link = lambda r: reverse("reports:report_detail", args=[r.pk])
    return tab_list(
        request,
        "timeliness",
        queryset=queries.village_weeks(request.user),
        filterset_class=VillageWeekFilter,
        columns=columns,
        default_sort=("-period__starts_on", "region_code"),
        title=_("上报及时性（按村按周）"),
        filename="village-weeks",
    )


REMINDER_COLUMNS = [
    Col(gettext_lazy("提醒时间"), lambda r: date_text(r.sent_at), 16, sort="sent_at"),
    Col(gettext_lazy("周期"), lambda r: r.period.label, 24, sort="period"),
    Col(gettext_lazy("村(居)"), lambda r: region_name(r.region_code), 16, sort="region_code"),
    Col(gettext_lazy("提醒类型"), lambda r: r.get_kind_display(), 12, sort="kind"),
    Col(gettext_lazy("截止时间"), lambda r: date_text(r.period.due_at), 16),
    Col(gettext_lazy("提醒时状态"), lambda r: r.get_status_display_then(), 10),
    Col(gettext_lazy("提醒时已评估户数"), lambda r: r.assessed_then, 10, num=True),
    Col(gettext_lazy("应报户数"), lambda r: r.expected_then, 10, num=True),
]


@requires(VIEW)
def reminders(request):
    """The reminders sent to the villages the user may read: a village cadre's inbox of reminders."""
    return tab_list(
        request,
        "reminders",
        queryset=queries.reminders_for(request.user),
        filterset_class=ReminderFilter,
        columns=REMINDER_COLUMNS,
        default_sort="-sent_at",
        title=_("催报提醒"),
        filename="reminders",
        audit_action="reports.reminder.exported",
    )
