"""Writes of the cooperation app: each use case atomic, scope-checked from the side the actor stands on,
and audited.

A record is reached from the Chongzuo county (its `region_code`) or from the Jiangmen body that helps it
(`helper_code`); `_check` applies the one scope rule (`check_scope`) on the side the actor's regions hold."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.cooperation import queries, rules, workflow
from fupin.cooperation.choices import JIANGMEN_FIGURES, CriterionKind, CriterionStatus, Rule
from fupin.cooperation.models import EntryFile, ExitCriterion, Indicator, IndicatorEntry, Pairing
from fupin.core import attachments
from fupin.core.errors import ConflictError, DomainError, refused_if_duplicate
from fupin.core.scope import check_scope, in_reach

VIEW = "cooperation.view_indicator"
MANAGE = "cooperation.manage_indicator"
ENTER, APPROVE = workflow.ENTER, workflow.APPROVE
CONFIRM = "cooperation.confirm_indicator"
CHECK = "cooperation.check_exit"

PAIRING_FIELDS = [
    "kind", "region_code", "helper_code", "helper_unit", "enterprise", "stage", "gift", "gift_note", "year",
]  # fmt: skip
INDICATOR_FIELDS = [
    "region_code", "helper_code", "year", "area", "name", "unit", "target", "deadline", "rule",
    "responsible", "confirm_by",
]  # fmt: skip
# What may change of an indicator once it is set (its county, year, area and rule stay).
INDICATOR_EDITABLE = ["name", "unit", "target", "deadline", "responsible", "confirm_by"]
CRITERION_FIELDS = ["region_code", "helper_code", "kind", "threshold", "population"]


def _check(by, permission, region_code, helper_code=""):
    """check_scope on the Chongzuo side when it is among the actor's regions, else on the Jiangmen side."""
    if in_reach(by, region_code) or not helper_code:
        check_scope(by, permission, region_code)
    else:
        check_scope(by, permission, helper_code)


def _check_record(by, permission, obj):
    _check(by, permission, obj.region_code, obj.helper_code)


def _check_sides(by, values):
    """The city's right to manage on the actor's side, then the rules of the two sides and the gift."""
    _check(by, MANAGE, values.get("region_code", ""), values.get("helper_code", ""))
    if values.get("gift") is not None and values["gift"] < 0:
        raise DomainError(_("帮扶资金不能为负数。"), field="gift")
    if values.get("kind") == "enterprise" and not (values.get("enterprise") or "").strip():
        raise DomainError(_("百企联百村须填写结对企业。"), field="enterprise")
    if not str(values.get("region_code", "")).startswith(queries.PAIRED):
        raise DomainError(_("受帮扶方须为崇左市的县(市、区)、镇或村。"), field="region_code")
    if not str(values.get("helper_code", "")).startswith(queries.CITY):
        raise DomainError(_("帮扶方须为江门市或其下辖市(区)。"), field="helper_code")


# --- pairings ---------------------------------------------------------------------------------------


@transaction.atomic
def create_pairing(*, by, **values) -> Pairing:
    """The city records who helps whom (county, 携手奔小康 town or village, 百企联百村 enterprise)."""
    _check_sides(by, values)
    return create_recorded(
        Pairing, by=by, fields=PAIRING_FIELDS, values=values, action="cooperation.pairing.created"
    )


@transaction.atomic
def update_pairing(pairing, *, by, version, **values) -> Pairing:
    _check_record(by, MANAGE, pairing)
    merged = {**snapshot(pairing, ["region_code", "helper_code", "kind", "enterprise"]), **values}
    _check_sides(by, merged)
    return update_versioned(
        pairing,
        by=by,
        version=version,
        fields=PAIRING_FIELDS,
        values=values,
        action="cooperation.pairing.updated",
    )


# --- indicators -------------------------------------------------------------------------------------


def _check_target(target):
    if target is None or target <= 0:
        raise DomainError(_("目标值必须大于零。"), field="target")


@transaction.atomic
def create_indicator(*, by, **values) -> Indicator:
    """An indicator of the agreement for a county and year, with its target, deadline and rule."""
    _check_sides(by, values)
    _check_target(values.get("target"))
    with refused_if_duplicate(_("该县本年度已有同名指标。"), field="name"):
        return create_recorded(
            Indicator,
            by=by,
            fields=INDICATOR_FIELDS,
            values=values,
            action="cooperation.indicator.created",
        )


@transaction.atomic
def update_indicator(indicator, *, by, version, **values) -> Indicator:
    """Change an indicator's target, deadline, unit or responsible body (its county and rule stay)."""
    _check_record(by, MANAGE, indicator)
    if "target" in values:
        _check_target(values["target"])
    return update_versioned(
        indicator,
        by=by,
        version=version,
        fields=INDICATOR_EDITABLE,
        values=values,
        action="cooperation.indicator.updated",
    )


@transaction.atomic
def confirm_indicator(indicator, *, by, version) -> Indicator:
    """The county's office confirms the Jiangmen figure of its county as it reads now; from then on the
    confirmed value is what counts."""
    _check_record(by, CONFIRM, indicator)
    if indicator.rule not in JIANGMEN_FIGURES:
        raise DomainError(_("此指标无需协作地确认。"), field="rule")
    return update_versioned(
        indicator,
        by=by,
        version=version,
        fields=["confirmed_value", "confirmed_on"],
        values={
            "confirmed_value": queries.reading_of(indicator)["live"],
            "confirmed_on": timezone.localdate(),
        },
        extra={"confirmed_by": by},
        action="cooperation.indicator.confirmed",
    )


# --- monthly entries --------------------------------------------------------------------------------


def _clean_entry(indicator, month, value, evidence):
    if indicator.rule != Rule.ENTERED:
        raise DomainError(_("此指标由系统按业务数据计算，不需填报。"), field="indicator")
    if not isinstance(month, datetime.date) or month.year != indicator.year:
        raise DomainError(_("月份须在指标年度内。"), field="month")
    if value is None or value < 0:
        raise DomainError(_("完成数不能为负数。"), field="value")
    if not (evidence or "").strip():
        raise DomainError(_("请填写佐证材料。"), field="evidence")
    return month.replace(day=1)


@transaction.atomic
def enter_entry(indicator, *, by, month, value, evidence) -> IndicatorEntry:
    """The responsible body (or the county) enters what was done in a month, with evidence; a draft."""
    _check_record(by, ENTER, indicator)
    month = _clean_entry(indicator, month, value, evidence)
    with refused_if_duplicate(_("该指标本月已填报。"), field="month"):
        entry = IndicatorEntry.objects.create(
            indicator=indicator,
            region_code=indicator.region_code,
            helper_code=indicator.helper_code,
            month=month,
            value=value,
            evidence=evidence.strip(),
            entered_by=by,
        )
    fields = ["month", "value", "evidence", "status"]
    record(
        "cooperation.indicatorentry.entered", by=by, target=entry, changes=diff({}, snapshot(entry, fields))
    )
    return entry


@transaction.atomic
def update_entry(entry, *, by, version, value, evidence) -> IndicatorEntry:
    _check_record(by, ENTER, entry)
    if entry.status not in workflow.EDITABLE:
        raise DomainError(_("已提交的月报不能修改。"), field="status")
    _clean_entry(entry.indicator, entry.month, value, evidence)
    return update_versioned(
        entry,
        by=by,
        version=version,
        fields=["value", "evidence"],
        values={"value": value, "evidence": evidence.strip()},
        action="cooperation.indicatorentry.updated",
    )


@transaction.atomic
def add_entry_file(entry, *, by, upload) -> EntryFile:
    """Attach a file of evidence to a month's entry while it can still be changed (draft or returned); the
    file is checked (size, type, content) by the one attachment check, `fupin.core.attachments`."""
    _check_record(by, ENTER, entry)
    if entry.status not in workflow.EDITABLE:
        raise DomainError(_("已提交的月报不能再添加佐证文件。"), field="file")
    if upload is None:
        raise DomainError(_("请选择文件。"), field="file")
    attached = EntryFile(entry=entry, region_code=entry.region_code, helper_code=entry.helper_code, by=by)
    attachments.attach_upload(attached, upload)
    attached.save()
    record(
        "cooperation.indicatorentry.file_added",
        by=by,
        target=entry,
        note=attached.original_name,
        changes={"file": [None, attached.original_name]},
    )
    return attached


@transaction.atomic
def move_entry(entry, *, by, version, action, reason="") -> IndicatorEntry:
    """submit (the body that entered), approve or return with a reason (the city)."""
    move = workflow.TRANSITIONS.get(action)
    _check_record(by, move[2] if move else ENTER, entry)
    if move is None or not workflow.can_transition(entry.status, action):
        raise DomainError(_("当前状态下不能进行此操作。"), field="status")
    if action == "return" and not (reason or "").strip():
        raise DomainError(_("请填写退回原因。"), field="reason")
    today = timezone.localdate()
    changes = {"status": move[1].value, "reason": (reason or "").strip() if action == "return" else ""}
    if action == "submit":
        changes["submitted_on"] = today
    if action == "approve":
        changes.update(approved_on=today, approved_by=by)
    rows = IndicatorEntry.objects.filter(pk=entry.pk, version=version, status__in=move[0])
    if not rows.update(**changes, version=F("version") + 1):
        raise ConflictError()
    old = entry.status
    entry.refresh_from_db()
    action_name = {"submit": "submitted", "approve": "approved", "return": "returned"}[action]
    audit_changes = {"status": [old, entry.status]}
    if entry.reason:
        audit_changes["reason"] = [None, entry.reason]
    record(f"cooperation.indicatorentry.{action_name}", by=by, target=entry, changes=audit_changes)
    return entry


# --- the exit checklist -----------------------------------------------------------------------------


@transaction.atomic
def create_criterion(*, by, **values) -> ExitCriterion:
    _check_sides(by, values)
    with refused_if_duplicate(_("该县已有此退出指标。"), field="kind"):
        return create_recorded(
            ExitCriterion,
            by=by,
            fields=CRITERION_FIELDS,
            values=values,
            action="cooperation.exitcriterion.created",
        )


READ_FROM_REGISTRY = {CriterionKind.INCIDENCE: "incidence", CriterionKind.ASSURANCES: "unmet"}


@transaction.atomic
def check_criterion(criterion, *, by, version, figure=None, evidence="") -> ExitCriterion:
    """Check one exit criterion: incidence and the guarantees are read from the registry of the county's
    households as the actor reads it, villages' exit and satisfaction are entered with evidence. A failed
    criterion opens a problem-ledger item for the county (once)."""
    _check_record(by, CHECK, criterion)
    if criterion.kind in READ_FROM_REGISTRY:
        figures = queries.exit_figures(by, criterion.region_code, criterion.population)
        figure = figures[READ_FROM_REGISTRY[criterion.kind]]
    elif figure is None or figure < 0:
        raise DomainError(_("请填写核验数值。"), field="figure")
    if figure is None:
        raise DomainError(_("请先填写农村人口，才能计算贫困发生率。"), field="population")
    met = rules.criterion_met(criterion.kind, figure, criterion.threshold)
    status = CriterionStatus.READY if met else CriterionStatus.FAILED
    values = {
        "figure": figure,
        "status": status,
        "evidence": (evidence or "").strip() or criterion.evidence,
        "checked_on": timezone.localdate(),
    }
    update_versioned(
        criterion,
        by=by,
        version=version,
        fields=list(values),
        values=values,
        action="cooperation.exitcriterion.checked",
    )
    if status == CriterionStatus.FAILED and criterion.ledger_item_id is None:
        _open_ledger_item(criterion)
    return criterion


def _open_ledger_item(criterion):
    """A failed exit criterion becomes an item of the county's problem list (the ledgers' own service)."""
    from fupin.ledgers import services as ledger_services

    item = ledger_services.create_item(
        by=None,
        region_code=criterion.region_code,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        description=_("摘帽退出指标未达标：%(kind)s（核验数值 %(figure)s，标准 %(threshold)s）")
        % {
            "kind": criterion.get_kind_display(),
            "figure": criterion.figure,
            "threshold": criterion.threshold,
        },
        kind="problem",
        category="housing" if criterion.kind == CriterionKind.ASSURANCES else "income",
        origin=f"cooperation.exitcriterion:{criterion.pk}",
        source_note="cooperation",
    )
    ExitCriterion.objects.filter(pk=criterion.pk).update(ledger_item_id=item.pk)
    criterion.ledger_item_id = item.pk


# --- the plan file ----------------------------------------------------------------------------------


@transaction.atomic
def load_plan(*, by, plan_data=None) -> dict:
    """Load the agreement's plan (county pairings, indicators, exit criteria) through the services above;
    what exists already (same county, year and name) is left as it is."""
    from fupin.cooperation import plan as plan_file
    from fupin.core.scope import check_anywhere

    check_anywhere(by, MANAGE)
    plan = plan_data or plan_file.read_plan()
    made = {"pairings": 0, "indicators": 0, "criteria": 0}
    for county in plan["counties"]:
        if not Pairing.objects.filter(
            region_code=county["county"], kind="county", year=plan["year"]
        ).exists():
            create_pairing(
                by=by, kind="county", region_code=county["county"], helper_code=county["helper"],
                helper_unit=county["unit"], stage=county["stage"], year=plan["year"],
            )  # fmt: skip
            made["pairings"] += 1
        for item in plan["indicators"]:
            values = plan_file.indicator_values(plan, county, item)
            if not Indicator.objects.filter(
                region_code=county["county"], year=plan["year"], name=item["name"]
            ).exists():
                create_indicator(by=by, **values)
                made["indicators"] += 1
    exit_plan = plan.get("exit")
    helper = {c["county"]: c["helper"] for c in plan["counties"]}
    for item in exit_plan["criteria"] if exit_plan else []:
        if not ExitCriterion.objects.filter(region_code=exit_plan["county"], kind=item["kind"]).exists():
            create_criterion(
                by=by, region_code=exit_plan["county"], helper_code=helper.get(exit_plan["county"], ""),
                kind=item["kind"], threshold=item["threshold"], population=item.get("population", 0),
            )  # fmt: skip
            made["criteria"] += 1
    return made
