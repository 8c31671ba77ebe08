"""Writes of the industry app: each use case atomic, scope-checked and audited.

A project's money is drawn through the funds service (`fupin.funds.services.disburse`), which holds the
allocation's ceiling with one conditional UPDATE; the project's own `funded` total is held within its
budget the same way, so two draws at once can exceed neither (docs/industry.md)."""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import DomainError, NotAllowed, refused_if_duplicate
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope
from fupin.employment.creditcode import validate_credit_code
from fupin.funds import services as fund_services
from fupin.funds.choices import PayeeKind
from fupin.industry import workflow
from fupin.industry.models import (
    HouseholdIndustry,
    LeadingIndustry,
    Project,
    ProjectFunding,
    ProjectHousehold,
)
from fupin.industry.workflow import APPROVE, CHANGE

PROJECT_FIELDS = [
    "name",
    "region_code",
    "kind",
    "business_model",
    "link_mode",
    "operator",
    "budget",
    "declared_on",
    "resumption",
    "resumed_on",
    "description",
]
INDUSTRY_FIELDS = ["household", "kind", "product", "scale", "income", "year", "recorded_on"]
LEADING_FIELDS = ["kind", "product", "note"]


# --- household industries ------------------------------------------------------------------------


@transaction.atomic
def record_household_industry(
    household, *, by, kind, product="", scale="", income=0, year=2020, on=None
) -> HouseholdIndustry:
    """The village records (or updates) a household's industry of a year."""
    check_scope(by, CHANGE, household.region_id)
    if income is None or income < 0:
        raise DomainError(_("收入不能为负数。"), field="income")
    row, created = HouseholdIndustry.objects.update_or_create(
        household=household,
        kind=kind,
        year=year,
        defaults={
            "region_code": household.region_id,
            "product": product,
            "scale": scale,
            "income": fund_services.clean_amount(income) if income else 0,
            "recorded_on": on or timezone.localdate(),
        },
    )
    action = "industry.householdindustry." + ("recorded" if created else "updated")
    record(action, by=by, target=row, changes=diff({}, snapshot(row, INDUSTRY_FIELDS)))
    return row


# --- projects ------------------------------------------------------------------------------------


def _check_operator(operator):
    validate_credit_code(operator.credit_code)  # a code registered before the check was strict is refused


def _check_resumption(resumption, resumed_on):
    """A project back at work (in full or in part) says since when."""
    if resumption != "no" and not resumed_on:
        raise DomainError(_("已复工（含部分复工）的项目须填写复工日期。"), field="resumed_on")


@transaction.atomic
def register_project(*, by, **values) -> Project:
    """A town or district declares (申报) a project with its operator, models and budget."""
    check_scope(by, CHANGE, values.get("region_code", ""))
    _check_operator(values["operator"])
    if values.get("budget") is None or values["budget"] <= 0:
        raise DomainError(_("项目预算必须大于零。"), field="budget")
    _check_resumption(values.get("resumption", "no"), values.get("resumed_on"))
    return create_recorded(
        Project,
        by=by,
        fields=PROJECT_FIELDS,
        values=values,
        action="industry.project.declared",
        created_by=by,
    )


@transaction.atomic
def update_project(project, *, by, version, **values) -> Project:
    """Change a project's details (its status moves only through `move_project`)."""
    check_scope(by, CHANGE, project.region_code)
    if "region_code" in values:
        check_scope(by, CHANGE, values["region_code"])
    if "operator" in values:
        _check_operator(values["operator"])
    _check_resumption(
        values.get("resumption", project.resumption), values.get("resumed_on", project.resumed_on)
    )
    return update_versioned(
        project,
        by=by,
        version=version,
        fields=PROJECT_FIELDS,
        values=values,
        action="industry.project.updated",
    )


@transaction.atomic
def move_project(project, *, by, version, action, on=None) -> Project:
    """One step of 申报 → 审批 → 实施 → 验收 → 运营; approving and accepting need the district's right."""
    move = workflow.TRANSITIONS.get(action)
    check_scope(by, move[2] if move else CHANGE, project.region_code)
    if move is None or not workflow.can_transition(project.status, action):
        raise DomainError(_("当前状态下不能进行此操作。"), field="status")
    if move[2] == APPROVE and significant_prefix(project.region_code) in by.prefixes_for(APPROVE):
        raise NotAllowed()  # a project is approved by the level above the one that declared it
    return update_versioned(
        project,
        by=by,
        version=version,  # a move from another status meanwhile changed the version too: a conflict
        fields=["status"],
        values={"status": move[1].value},
        extra={move[3]: on or timezone.localdate()},
        action=f"industry.project.{action}",
    )


def _check_household_in(project, household):
    if not household.region_id.startswith(significant_prefix(project.region_code)):
        raise DomainError(_("该户不在项目所在地区。"), field="household")


@transaction.atomic
def link_household(project, *, by, household, benefit, amount=0) -> ProjectHousehold:
    """A household the project lifts (带动), with what it gets a year."""
    check_scope(by, CHANGE, project.region_code)
    check_scope(by, CHANGE, household.region_id)
    _check_household_in(project, household)
    if amount is None or amount < 0:
        raise DomainError(_("受益金额不能为负数。"), field="amount")
    with refused_if_duplicate(_("该户已在本项目中。"), field="household"):
        link = ProjectHousehold.objects.create(
            project=project,
            household=household,
            region_code=household.region_id,
            benefit=benefit,
            amount=amount,
        )
    changes = {"household": [None, household.pk], "benefit": [None, benefit], "amount": [None, str(amount)]}
    record("industry.projecthousehold.linked", by=by, target=link, changes=changes)
    return link


@transaction.atomic
def unlink_household(link, *, by) -> None:
    check_scope(by, CHANGE, link.project.region_code)
    record(
        "industry.projecthousehold.unlinked",
        by=by,
        target=link,
        changes={"household": [link.household_id, None]},
    )
    link.delete()


@transaction.atomic
def fund_project(project, *, by, allocation, amount, date, voucher) -> ProjectFunding:
    """Pay a project from a fund allocation through the funds service: the allocation's ceiling and the
    project's budget both hold, and the payment is on record with the funds' disbursements."""
    check_scope(by, CHANGE, project.region_code)
    amount = fund_services.clean_amount(amount)
    if project.status not in workflow.FUNDABLE:
        raise DomainError(_("项目审批通过后才能拨付资金。"), field="status")
    total = Round(F("funded") + amount, 2)
    if not Project.objects.filter(pk=project.pk, funded__lte=F("budget") - amount).update(funded=total):
        project.refresh_from_db()
        left = fund_services.yuan(project.budget - project.funded)
        raise DomainError(
            _("超出项目预算：尚可拨付 %(a)s 元") % {"a": left}, field="amount", code="over_limit"
        )
    payment = fund_services.disburse(
        allocation,
        by=by,
        amount=amount,
        date=date,
        payee_kind=PayeeKind.PROJECT,
        payee_name=project.operator.name,
        voucher=voucher,
        purpose=project.name,
        region_code=project.region_code,
        confirm_warnings=True,  # checked against the project's budget above; plausibility warnings kept
    )
    funding = ProjectFunding.objects.create(
        project=project, disbursement=payment, amount=amount, region_code=project.region_code
    )
    project.refresh_from_db()
    changes = {
        "funded": [str(project.funded - amount), str(project.funded)],
        "disbursement": [None, payment.pk],
    }
    record("industry.project.funded", by=by, target=project, changes=changes)
    return funding


# --- leading industries --------------------------------------------------------------------------


@transaction.atomic
def name_leading_industry(*, by, region_code, kind, product, note="") -> LeadingIndustry:
    """A town names its 一镇一业, a village its 一村一品 (naming again replaces it)."""
    check_scope(by, CHANGE, region_code)
    if len(significant_prefix(region_code)) < 9:
        raise DomainError(_("主导产业按镇(街)或村(居)登记。"), field="region_code")
    if not (product or "").strip():
        raise DomainError(_("请填写主导产品。"), field="product")
    values = {"kind": kind, "product": product.strip(), "note": note}
    action = "industry.leadingindustry.named"
    row = LeadingIndustry.objects.filter(region_code=region_code).first()
    if row is None:
        return create_recorded(
            LeadingIndustry,
            by=by,
            fields=LEADING_FIELDS,
            values=values,
            action=action,
            region_code=region_code,
        )
    return update_versioned(
        row, by=by, version=row.version, fields=LEADING_FIELDS, values=values, action=action
    )
