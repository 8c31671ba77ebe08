"""Labour services (R2.9): recruitment events with the vacancies they offer and the people placed, and the
employment service officers (就业服务专员) assigned to enterprises."""

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.employment.choices import RecruitmentMode
from fupin.employment.models import EnterpriseOfficer, RecruitmentEvent, Vacancy
from fupin.employment.services.common import CHANGE

EVENT_FIELDS = [
    "name",
    "mode",
    "held_on",
    "place",
    "region_code",
    "attendees",
    "poor_attendees",
    "placed",
    "poor_placed",
]
OFFICER_FIELDS = ["enterprise", "officer", "name", "phone", "assigned_on", "ended_on"]


def _clean_event(values):
    if "mode" in values and values["mode"] not in RecruitmentMode.values:
        raise DomainError(_("请选择招聘活动形式。"), field="mode")
    for field in ("attendees", "poor_attendees", "placed", "poor_placed"):
        if (values.get(field) or 0) < 0:
            raise DomainError(_("人数不能为负数。"), field=field)
    if (values.get("poor_placed") or 0) > (values.get("placed") or 0):
        raise DomainError(_("贫困劳动力就业人数不能超过达成就业人数。"), field="poor_placed")
    if (values.get("poor_attendees") or 0) > (values.get("attendees") or 0):
        raise DomainError(_("贫困劳动力参会人数不能超过参会人数。"), field="poor_attendees")
    return values


def _offered(by, event_region, vacancies):
    """The vacancies an event offers: each in the actor's scope."""
    vacancies = list(vacancies or [])
    for vacancy in vacancies:
        check_scope(by, Vacancy.view_permission, vacancy.region_code)
    return vacancies


@transaction.atomic
def hold_recruitment_event(*, by, vacancies=(), **values) -> RecruitmentEvent:
    """A recruitment event (online or on site) of a region, with the vacancies it offers."""
    values = _clean_event({k: v for k, v in values.items() if k in EVENT_FIELDS})
    check_scope(by, CHANGE, values.get("region_code", ""))
    offered = _offered(by, values["region_code"], vacancies)
    event = RecruitmentEvent.objects.create(**values)
    event.vacancies.set(offered)
    changes = diff({}, snapshot(event, EVENT_FIELDS))
    changes["vacancies"] = [None, sorted(v.pk for v in offered)]
    record("employment.recruitmentevent.held", by=by, target=event, changes=changes)
    return event


@transaction.atomic
def update_recruitment_event(event, *, by, version, vacancies=None, **values) -> RecruitmentEvent:
    """Change an event (its results once it is over: attendees and people placed)."""
    check_scope(by, CHANGE, event.region_code)
    merged = {**snapshot(event, EVENT_FIELDS), **values}
    _clean_event(merged)
    if "region_code" in values:
        check_scope(by, CHANGE, values["region_code"])
    event = update_versioned(
        event,
        by=by,
        version=version,
        fields=EVENT_FIELDS,
        values=values,
        action="employment.recruitmentevent.updated",
    )
    if vacancies is not None:
        before = sorted(event.vacancies.values_list("pk", flat=True))
        offered = _offered(by, event.region_code, vacancies)
        event.vacancies.set(offered)
        record(
            "employment.recruitmentevent.vacancies_set",
            by=by,
            target=event,
            changes={"vacancies": [before, sorted(v.pk for v in offered)]},
        )
    return event


@transaction.atomic
def assign_officer(enterprise, *, by, name, assigned_on, phone="", officer=None) -> EnterpriseOfficer:
    """Assign an employment service officer to an enterprise; the officer it had is recalled that day."""
    check_scope(by, CHANGE, enterprise.region_code)
    name = (name or (officer.display_name if officer else "") or "").strip()
    if not name:
        raise DomainError(_("请填写就业服务专员姓名。"), field="name")
    current = EnterpriseOfficer.objects.filter(enterprise=enterprise, ended_on__isnull=True).first()
    if current is not None:
        if assigned_on < current.assigned_on:
            raise DomainError(_("派驻日期不能早于现任专员的派驻日期。"), field="assigned_on")
        end_officer(current, by=by, ended_on=assigned_on)
    assignment = EnterpriseOfficer.objects.create(
        enterprise=enterprise,
        region_code=enterprise.region_code,
        officer=officer,
        name=name[:64],
        phone=(phone or (officer.phone if officer else "") or "")[:32],
        assigned_on=assigned_on,
    )
    record(
        "employment.enterpriseofficer.assigned",
        by=by,
        target=assignment,
        changes=diff({}, snapshot(assignment, ["name", "phone", "assigned_on"])),
        note=enterprise.name,
    )
    return assignment


@transaction.atomic
def end_officer(officer, *, by, ended_on) -> EnterpriseOfficer:
    """Recall an officer from an enterprise."""
    check_scope(by, CHANGE, officer.region_code)
    if ended_on < officer.assigned_on:
        raise DomainError(_("撤回日期不能早于派驻日期。"), field="ended_on")
    if not EnterpriseOfficer.objects.filter(pk=officer.pk, ended_on__isnull=True).update(ended_on=ended_on):
        raise DomainError(_("该专员已撤回。"), field="ended_on")
    officer.refresh_from_db()
    record(
        "employment.enterpriseofficer.ended",
        by=by,
        target=officer,
        changes={"ended_on": [None, str(ended_on)]},
    )
    return officer
