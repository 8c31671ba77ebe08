"""Writes of enterprises (复工复产) and the vacancies they post."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import snapshot
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.employment.choices import ResumptionStatus
from fupin.employment.creditcode import validate_credit_code
from fupin.employment.models import Enterprise, Vacancy, split_codes
from fupin.employment.services.common import CHANGE
from fupin.employment.services.labour_requests import schedule_escalation
from fupin.employment.services.resumption import tally_resumption

ENTERPRISE_FIELDS = [
    "name",
    "credit_code",
    "region_code",
    "industry",
    "poverty_related",
    "is_workshop",
    "is_studio",
    "is_base",
    "is_leading",
    "contact_name",
    "contact_phone",
    "resumption",
    "resumed_on",
    "poor_employed",
]
VACANCY_FIELDS = [
    "post",
    "seats",
    "wage_min",
    "wage_max",
    "industry",
    "skills",
    "start_date",
    "housing",
    "transport",
    "urgent",
    "deadline_hours",
    "region_code",
    "status",
]


def _clean_enterprise(values):
    if "credit_code" in values:
        values["credit_code"] = validate_credit_code(values["credit_code"])
    if values.get("resumption") in (ResumptionStatus.RESUMED, ResumptionStatus.PARTLY) and not values.get(
        "resumed_on"
    ):
        raise DomainError(_("已复工（含部分复工）的企业须填写复工日期。"), field="resumed_on")
    if values.get("resumption") == ResumptionStatus.NOT_RESUMED:
        values["resumed_on"] = None
    return values


@transaction.atomic
def register_enterprise(*, by, **values) -> Enterprise:
    values = _clean_enterprise(values)
    check_scope(by, CHANGE, values.get("region_code", ""))
    existing = Enterprise.objects.filter(credit_code=values["credit_code"]).first()
    if existing is not None:  # outside the actor's scope: neither the name nor the place is told
        if by.has_scoped_perm(Enterprise.view_permission, existing.region_code):
            message = _("该统一社会信用代码的企业已登记（%(n)s）。") % {"n": existing.name}
        else:
            message = _("该统一社会信用代码的企业已在其他地区登记，请联系上级扶贫部门。")
        raise DomainError(message, field="credit_code")
    enterprise = create_recorded(
        Enterprise, by=by, fields=ENTERPRISE_FIELDS, values=values, action="employment.enterprise.registered"
    )
    tally_resumption([enterprise.region_code])
    return enterprise


@transaction.atomic
def update_enterprise(enterprise, *, by, version, **values):
    check_scope(by, CHANGE, enterprise.region_code)
    if "resumption" in values:
        values.setdefault("resumed_on", enterprise.resumed_on)
    values = _clean_enterprise(values)
    if "region_code" in values:
        check_scope(by, CHANGE, values["region_code"])
    code = values.get("credit_code")
    if code and Enterprise.objects.filter(credit_code=code).exclude(pk=enterprise.pk).exists():
        raise DomainError(_("该统一社会信用代码的企业已登记。"), field="credit_code")
    old_region = enterprise.region_code
    enterprise = update_versioned(
        enterprise,
        by=by,
        version=version,
        fields=ENTERPRISE_FIELDS,
        values=values,
        action="employment.enterprise.updated",
    )
    tally_resumption([old_region, enterprise.region_code])
    return enterprise


@transaction.atomic
def record_resumption(enterprise, *, by, version, status, on=None):
    """Record an enterprise's resumption of work (复工复产) and its date."""
    return update_enterprise(enterprise, by=by, version=version, resumption=status, resumed_on=on)


def _clean_vacancy(values):
    if values.get("urgent") and not values.get("deadline_hours"):
        raise DomainError(_("24小时用工调度须填写时限（小时）。"), field="deadline_hours")
    if values.get("wage_max") and values.get("wage_min", 0) > values["wage_max"]:
        raise DomainError(_("月薪上限不能低于下限。"), field="wage_max")
    if "seats" in values and (values["seats"] or 0) < 1:
        raise DomainError(_("岗位人数至少为1。"), field="seats")
    if "skills" in values:
        values["skills"] = ",".join(split_codes(values["skills"]))
    return values


@transaction.atomic
def post_vacancy(*, by, enterprise, requested_at=None, **values) -> Vacancy:
    """A vacancy; an urgent one is a 24-hour labour request, timed from now (or `requested_at`)."""
    values = _clean_vacancy(values)
    values.setdefault("region_code", enterprise.region_code)
    values.setdefault("industry", enterprise.industry)
    check_scope(by, CHANGE, enterprise.region_code)
    if values.get("urgent"):
        values["requested_at"] = requested_at or timezone.now()
    vacancy = create_recorded(
        Vacancy,
        by=by,
        fields=[*VACANCY_FIELDS, "requested_at"],
        values=values,
        action="employment.vacancy.posted",
        enterprise=enterprise,
    )
    schedule_escalation(vacancy)
    return vacancy


@transaction.atomic
def update_vacancy(vacancy, *, by, version, **values):
    check_scope(by, CHANGE, vacancy.region_code)
    merged = {**snapshot(vacancy, VACANCY_FIELDS), **values}
    _clean_vacancy(dict(merged))
    if "skills" in values:
        values["skills"] = ",".join(split_codes(values["skills"]))
    becomes_urgent = merged.get("urgent") and not vacancy.requested_at
    if becomes_urgent:
        values["requested_at"] = timezone.now()
    vacancy = update_versioned(
        vacancy,
        by=by,
        version=version,
        fields=[*VACANCY_FIELDS, "requested_at"],
        values=values,
        action="employment.vacancy.updated",
    )
    if becomes_urgent:
        schedule_escalation(vacancy)
    return vacancy
