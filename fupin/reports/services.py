"""Writes of the weekly tracking. Each is atomic, checks scope and lock, maintains the roll-up, audits."""

import datetime

from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.errors import ConflictError, DomainError
from fupin.core.importing_rows import RowError
from fupin.core.regioncodes import code_range, full_code
from fupin.core.scope import check_scope
from fupin.employment.creditcode import validate_credit_code
from fupin.plan.queries import weekly_tracking
from fupin.registry.models import Household, Member
from fupin.reports import plausibility, rollup, supply_queries
from fupin.reports.choices import (
    PRIORITY_RECIPIENTS,
    AssessmentSource,
    Need,
    RecipientKind,
    RiskLevel,
    SupplyItem,
)
from fupin.reports.dimensions import AFFECTING, ANSWER_FIELDS, affected_codes
from fupin.reports.models import (
    AreaRisk,
    Assessment,
    ReportPeriod,
    SupplyAllocation,
    VillageReport,
)
from fupin.reports.workflow import NEEDS_REASON, target_status

BOOL_FIELDS = {f for f in ANSWER_FIELDS if isinstance(Assessment._meta.get_field(f).default, bool)}
INT_FIELDS = set(ANSWER_FIELDS) - BOOL_FIELDS - {"needs", "notes"}
AUDITED = ANSWER_FIELDS


def week_bounds(iso_year: int, iso_week: int) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of an ISO week; a week the year does not have (54, or 53 of most years) is refused."""
    try:
        monday = datetime.date.fromisocalendar(int(iso_year), int(iso_week), 1)
    except (TypeError, ValueError, OverflowError):
        raise DomainError(
            _("%(year)s年没有第%(week)s周。") % {"year": iso_year, "week": iso_week}, field="iso_week"
        ) from None
    return monday, monday + datetime.timedelta(days=6)


def due_time(tracking, sunday: datetime.date) -> datetime.datetime:
    """When a week ending on `sunday` is due: the plan's weekday of the week after, at its hour."""
    day = sunday + datetime.timedelta(days=1 + tracking.due_weekday)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(tracking.due_hour)))


@transaction.atomic
def open_period(*, by, iso_year: int, iso_week: int, region_prefix: str) -> ReportPeriod:
    """Open an ISO week for a region tree inside the weekly-tracking span of the plan covering it, due when
    that plan says; creates a draft report for each village with households."""
    # A week of the city is read by every village under it (covering): a village cadre is refused (403).
    check_scope(by, "reports.open_period", full_code(region_prefix), covering=True)
    tracking = weekly_tracking(region_prefix)
    monday, sunday = week_bounds(iso_year, iso_week)
    if tracking is None or not tracking.covers(monday, sunday):
        raise DomainError(_("该周不在计划规定的每周跟踪期内。"), field="iso_week")
    if ReportPeriod.objects.filter(
        iso_year=iso_year, iso_week=iso_week, region_prefix=region_prefix
    ).exists():
        raise DomainError(_("该周已开启。"), field="iso_week")
    due_at = due_time(tracking, sunday)
    period = ReportPeriod.objects.create(
        iso_year=iso_year,
        iso_week=iso_week,
        region_prefix=region_prefix,
        starts_on=monday,
        ends_on=sunday,
        due_at=due_at,
        opened_by=by,
    )
    create_village_reports(period)
    record(
        "reports.reportperiod.opened",
        by=by,
        target=period,
        region_code=region_prefix.ljust(12, "0"),
        changes={"due_at": [None, due_at.isoformat()]},
    )
    return period


def create_village_reports(period) -> int:
    counts = (
        Household.objects.filter(region__code__range=code_range(period.region_prefix))
        .order_by()
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    reports = [
        VillageReport(period=period, region_code=row["region_id"], expected=row["n"]) for row in counts
    ]
    VillageReport.objects.bulk_create(reports, batch_size=2000, ignore_conflicts=True)
    return len(reports)


def _report_for_update(period, region_code):
    report = VillageReport.objects.select_for_update().filter(period=period, region_code=region_code).first()
    if report is None:
        expected = Household.objects.filter(region_id=region_code).count()
        VillageReport.objects.bulk_create(
            [VillageReport(period=period, region_code=region_code, expected=expected)], ignore_conflicts=True
        )
        report = VillageReport.objects.select_for_update().get(period=period, region_code=region_code)
    return report


def _ensure_unlocked(report):
    if report.is_locked:
        raise DomainError(
            _("本村该周报表状态为“%(status)s”，数据已锁定，不能修改。")
            % {"status": report.get_status_display()},
            code="locked",
        )


def clean_answers(answers: dict) -> dict:
    """Typed answers for every answer field; unknown or negative values refused with the field named."""
    cleaned = {}
    for name in ANSWER_FIELDS:
        value = answers.get(name)
        if name in BOOL_FIELDS:
            cleaned[name] = value in (True, 1, "1", "true", "True", "on", "是", "yes")
        elif name in INT_FIELDS:
            try:
                cleaned[name] = int(value or 0)
            except (TypeError, ValueError):
                raise DomainError(_("请输入整数。"), field=name) from None
            if cleaned[name] < 0 or cleaned[name] > 10_000_000:
                raise DomainError(_("数值超出范围。"), field=name)
        elif name == "needs":
            codes = (
                value if isinstance(value, list | tuple) else str(value or "").replace("，", ",").split(",")
            )
            codes = sorted({str(c).strip() for c in codes if str(c).strip()})
            if any(c not in Need.values for c in codes):
                raise DomainError(_("需求代码无效。"), field="needs")
            cleaned[name] = ",".join(codes)
        else:
            cleaned[name] = str(value or "").strip()[:500]
    return cleaned


def _messages(warnings) -> list[str]:
    """The warnings as the audit trail keeps them: their messages, as the person read them."""
    return [w["message"] for w in warnings or []]


def _label(field):
    return str(Assessment._meta.get_field(field).verbose_name)


def previous_period(period):
    return ReportPeriod.objects.filter(
        region_prefix=period.region_prefix, starts_on=period.starts_on - datetime.timedelta(days=7)
    ).first()


def previous_assessment(period, household_id):
    """The household's assessment of the week before (same region tree), in one query."""
    return (
        Assessment.objects.filter(
            household_id=household_id,
            period__region_prefix=period.region_prefix,
            period__starts_on=period.starts_on - datetime.timedelta(days=7),
        )
        .only(*ANSWER_FIELDS)
        .first()
    )


def _newly_affected(prev, answers) -> str:
    before = affected_codes(prev) if prev else set()
    return ",".join(sorted(affected_codes(answers) - before))


def household_facts(household_ids, day) -> dict[int, plausibility.HouseholdFacts]:
    """What the registry says of each household on a day (members and their ages), in one query."""
    births = {pk: [] for pk in household_ids}
    for household_id, birth_date in Member.objects.filter(household_id__in=list(household_ids)).values_list(
        "household_id", "birth_date"
    ):
        births[household_id].append(birth_date)
    return {pk: plausibility.facts_from_birth_dates(dates, day) for pk, dates in births.items()}


def village_values(period, household) -> dict[str, list[int]]:
    """This week's numbers of the other households of the village, for the outlier rule (one query)."""
    fields = list(plausibility.NUMBERS)
    rows = (
        Assessment.objects.filter(period=period, region_code=household.region_id)
        .exclude(household_id=household.pk)
        .values_list(*fields)
    )
    columns = list(zip(*rows, strict=True)) or [[] for _f in fields]
    return {name: list(values) for name, values in zip(fields, columns, strict=True)}


def plausible(period, household, cleaned, prev, *, confirmed) -> list[dict]:
    """The soft findings to keep with the answers; refuses hard ones and soft ones not confirmed."""
    facts = household_facts([household.pk], period.starts_on)[household.pk]
    previous = snapshot(prev, ANSWER_FIELDS) if prev else None
    soft = plausibility.check(
        cleaned, facts, previous=previous, village=village_values(period, household), confirmed=confirmed
    )
    return [f.as_dict() for f in soft]


def _check_household(by, period, household):
    check_scope(by, "reports.change_assessment", household.region_id)
    if not household.region_id.startswith(period.region_prefix):
        raise DomainError(_("该户不在本周期的报送范围内。"))


def _lock_household(household_id):
    """Serialise the writes of one household's assessments. Each reads the week before it and refreshes the
    week after it, so two neighbouring weeks written at once must not each read the other's old answers.
    FOR NO KEY UPDATE does not block inserts that merely reference the household. SQLite allows one
    writer at a time anyway."""
    if connection.features.has_select_for_update:
        Household.objects.select_for_update(no_key=True).filter(pk=household_id).values_list("pk").first()


@transaction.atomic
def save_assessment(
    *,
    by,
    period,
    household,
    answers: dict,
    version=None,
    source=AssessmentSource.PAGE,
    confirm_warnings=False,
) -> Assessment:
    """Create or change a household's assessment for the week, apply it to the roll-up and refresh the
    household's following week (whose newly affected dimensions are counted against this one). Answers
    past a household's hard limits are refused; unusual ones only when `confirm_warnings` is set, and
    then kept with the assessment (reports.plausibility)."""
    _check_household(by, period, household)
    _lock_household(household.pk)
    report = _report_for_update(period, household.region_id)
    _ensure_unlocked(report)
    cleaned = clean_answers(answers)
    prev = previous_assessment(period, household.pk)
    warnings = plausible(period, household, cleaned, prev, confirmed=confirm_warnings)
    cleaned["newly_affected"] = _newly_affected(prev, cleaned)
    existing = Assessment.objects.filter(period=period, household=household).first()
    if existing is None:
        assessment = _create_assessment(by, period, household, report, cleaned, source, warnings)
    else:
        assessment = _change_assessment(by, existing, cleaned, version, source, warnings)
    _recompute_following_week(
        by=by, period=period, household_id=household.pk, answers=cleaned, cause=assessment
    )
    return assessment


def _create_assessment(by, period, household, report, cleaned, source, warnings):
    assessment = Assessment.objects.create(
        period=period,
        household=household,
        region_code=household.region_id,
        source=source,
        assessed_by=by,
        warnings=warnings,
        **cleaned,
    )
    VillageReport.objects.filter(pk=report.pk).update(assessed=F("assessed") + 1)
    rollup.apply_change(None, assessment)
    changes = diff({"warnings": []}, {**cleaned, "warnings": _messages(warnings)})
    record("reports.assessment.created", by=by, target=assessment, changes=changes, source=source)
    return assessment


def _change_assessment(by, existing, cleaned, version, source, warnings):
    if version is not None and int(version) != existing.version:
        raise ConflictError()
    before = snapshot(existing, [*AUDITED, "newly_affected", "warnings"])
    updated = Assessment.objects.filter(pk=existing.pk, version=existing.version).update(
        **cleaned,
        warnings=warnings,
        source=source,
        assessed_by=by,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ConflictError()
    assessment = existing
    for name, value in cleaned.items():
        setattr(assessment, name, value)
    assessment.version += 1
    assessment.source, assessment.assessed_by, assessment.warnings = source, by, warnings
    rollup.apply_delta(existing.period_id, existing.region_code, rollup.delta(before, cleaned))
    before["warnings"] = _messages(before["warnings"])
    changes = diff(before, {**cleaned, "warnings": _messages(warnings)})
    record("reports.assessment.changed", by=by, target=assessment, changes=changes, source=source)
    return assessment


AFFECTING_FIELDS = sorted({f for d in AFFECTING for f in d.fields})


def _recompute_following_week(*, by, period, household_id, answers, cause) -> None:
    """Refresh `newly_affected` of the household's assessment of the next week (same region tree), if any,
    after its assessment of `period` was written (`answers`) or deleted (None). Derived data: refreshed
    even when that week is submitted or approved, adjusted in the roll-up, audited as recomputed."""
    following = (
        Assessment.objects.filter(
            household_id=household_id,
            period__region_prefix=period.region_prefix,
            period__starts_on=period.starts_on + datetime.timedelta(days=7),
        )
        .only("period", "household", "region_code", "newly_affected", *AFFECTING_FIELDS)
        .first()
    )
    if following is None:
        return
    before = affected_codes(answers) if answers is not None else set()
    newly = ",".join(sorted(affected_codes(following) - before))
    old = following.newly_affected
    if newly == old:
        return
    # The version stays: it guards the answers a person typed, and none of them changed.
    Assessment.objects.filter(pk=following.pk).update(newly_affected=newly, updated_at=timezone.now())
    following.newly_affected = newly
    rollup.apply_delta(
        following.period_id,
        following.region_code,
        rollup.delta({"newly_affected": old}, {"newly_affected": newly}),
    )
    record(
        "reports.assessment.recomputed",
        by=by,
        target=following,
        changes={"newly_affected": [old, newly]},
        note=_("%(week)s的评估变更后重新计算。") % {"week": period},
        source=f"assessment:{cause.pk}",
    )


def previous_answers(period, household) -> dict | None:
    prev = previous_assessment(period, household.pk)
    return snapshot(prev, ANSWER_FIELDS) if prev else None


@transaction.atomic
def carry_forward(*, by, period, household) -> Assessment:
    """ "No change": this week's answers are last week's."""
    check_scope(by, "reports.change_assessment", household.region_id)
    answers = previous_answers(period, household)
    if answers is None:
        raise DomainError(_("该户上周没有评估，不能沿用。"))
    # Last week's answers were accepted then: unusual ones stay confirmed; hard limits still hold.
    return save_assessment(
        by=by,
        period=period,
        household=household,
        answers=answers,
        source=AssessmentSource.CARRY,
        confirm_warnings=True,
    )


@transaction.atomic
def delete_assessment(*, by, assessment) -> None:
    """Delete a household's week, take it out of the roll-up and refresh the household's following week."""
    check_scope(by, "reports.change_assessment", assessment.region_code)
    _lock_household(assessment.household_id)
    assessment = Assessment.objects.select_related("period").get(pk=assessment.pk)  # as stored, now locked
    report = _report_for_update(assessment.period, assessment.region_code)
    _ensure_unlocked(report)
    rollup.apply_change(assessment, None)
    VillageReport.objects.filter(pk=report.pk).update(assessed=F("assessed") - 1)
    record(
        "reports.assessment.deleted",
        by=by,
        target=assessment,
        changes=diff(snapshot(assessment, AUDITED), {}),
    )
    Assessment.objects.filter(pk=assessment.pk).delete()
    _recompute_following_week(
        by=by, period=assessment.period, household_id=assessment.household_id, answers=None, cause=assessment
    )


@transaction.atomic
def import_assessments(*, by, period, rows: list[dict]) -> int:
    """All or nothing: rows are {'number': 户编号, answers...}; refused as a whole if a row or village fails."""
    numbers = [r["number"] for r in rows]
    households = {h.number: h for h in Household.objects.filter(number__in=numbers)}
    facts = household_facts([h.pk for h in households.values()], period.starts_on)
    errors = []
    for i, row in enumerate(rows, start=2):
        household = households.get(row["number"])
        if household is None or not by.has_scoped_perm("reports.change_assessment", household.region_id):
            errors.append(RowError(i, _("户编号"), _("户编号不存在或不在您的范围内。")))
            continue
        try:
            hard = plausibility.hard_limits(clean_answers(row), facts[household.pk])
        except DomainError as exc:
            errors.append(RowError(i, exc.field, exc))
            continue
        errors += [RowError(i, _label(f.field), f.message) for f in hard]
    if errors:
        raise DomainError("; ".join(str(error) for error in errors[:20]), code="import_invalid")
    for row in rows:
        save_assessment(
            by=by,
            period=period,
            household=households[row["number"]],
            answers=row,
            source=AssessmentSource.IMPORT,
            confirm_warnings=True,  # the file is the uploader's confirmation; findings stay on record
        )
    return len(rows)


@transaction.atomic
def transition_report(report, *, by, action, reason="", version=None) -> VillageReport:
    """Submit, return, approve or unlock a village's week (see workflow.TRANSITIONS)."""
    check_scope(by, "reports.view_assessment", report.region_code)
    report = VillageReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and int(version) != report.version:
        raise ConflictError()
    new_status = target_status(report, action, by)
    reason = (reason or "").strip()
    if action in NEEDS_REASON and not reason:
        raise DomainError(_("请填写原因。"), field="reason")
    now = timezone.now()
    fields = {"status": new_status, "version": F("version") + 1}
    if action in NEEDS_REASON:
        fields["return_reason"] = reason
    stamp = {"submitted": "submitted_at", "town_approved": "town_approved_at", "approved": "approved_at"}
    if new_status in stamp:
        fields[stamp[new_status]] = now
    changes = {"status": [report.status, new_status]}
    if action == "submit":
        _ensure_complete(report)
        fields["return_reason"] = ""
        if report.late_minutes is None:  # the first submission decides whether the week came in on time
            fields["late_minutes"] = late_minutes(report.period.due_at, now)
            changes["late_minutes"] = [None, fields["late_minutes"]]
    VillageReport.objects.filter(pk=report.pk).update(**fields)
    record(
        f"reports.villagereport.{_PAST[action]}",
        by=by,
        target=report,
        region_code=report.region_code,
        changes=changes,
        note=reason,
    )
    return VillageReport.objects.get(pk=report.pk)


def late_minutes(due_at, submitted_at) -> int:
    """Whole minutes (rounded up) a submission came after the due time; 0 when on time."""
    seconds = (submitted_at - due_at).total_seconds()
    return 0 if seconds <= 0 else int(-(-seconds // 60))


def _ensure_complete(report):
    remaining = (
        Household.objects.filter(region_id=report.region_code).count()
        - Assessment.objects.filter(period_id=report.period_id, region_code=report.region_code).count()
    )
    if remaining > 0:
        raise DomainError(_("还有%(n)s户未评估，不能上报。") % {"n": remaining}, code="incomplete")


_PAST = {"submit": "submitted", "return": "returned", "approve": "approved", "unlock": "unlocked"}


def submit_report(report, *, by, version=None):
    return transition_report(report, by=by, action="submit", version=version)


def return_report(report, *, by, reason, version=None):
    return transition_report(report, by=by, action="return", reason=reason, version=version)


def approve_report(report, *, by, version=None):
    return transition_report(report, by=by, action="approve", version=version)


def unlock_report(report, *, by, reason, version=None):
    return transition_report(report, by=by, action="unlock", reason=reason, version=version)


@transaction.atomic
def set_area_risk(*, by, region_code, effective_on, level, note="") -> AreaRisk:
    check_scope(by, "reports.approve_report", region_code)
    if level not in RiskLevel.values:
        raise DomainError(_("风险等级无效。"), field="level")
    risk, _created = AreaRisk.objects.update_or_create(
        region_code=region_code,
        effective_on=effective_on,
        defaults={"level": level, "note": note, "set_by": by},
    )
    record(
        "reports.arearisk.set",
        by=by,
        target=risk,
        region_code=region_code,
        changes={"level": [None, level]},
        note=note,
    )
    return risk


@transaction.atomic
def allocate_supplies(
    *,
    by,
    allocated_on,
    item,
    quantity,
    recipient_kind=None,
    region_code="",
    household=None,
    enterprise_name="",
    credit_code="",
    skip_reason="",
) -> SupplyAllocation:
    """Record protective supplies given to a poverty-alleviation enterprise (by name and a checked 统一社会
    信用代码), a poor household or a village. Enterprises and poor people come first (R1.5): supplies for a
    village while poor households of its town still ask for them need a reason (`skip_reason`)."""
    kind = recipient_kind or (RecipientKind.HOUSEHOLD if household is not None else RecipientKind.ENTERPRISE)
    if kind not in RecipientKind.values:
        raise DomainError(_("发放对象无效。"), field="recipient_kind")
    region_code, enterprise_name, credit_code = _recipient(
        kind, region_code, household, enterprise_name, credit_code
    )
    check_scope(by, "reports.change_assessment", region_code)
    if item not in SupplyItem.values:
        raise DomainError(_("物资类别无效。"), field="item")
    if int(quantity) <= 0:
        raise DomainError(_("数量必须大于0。"), field="quantity")
    skip_reason = (skip_reason or "").strip()
    if kind not in PRIORITY_RECIPIENTS and not skip_reason:
        waiting = supply_queries.open_priority_needs(region_code)
        if waiting:
            raise DomainError(
                _("本镇还有%(n)s户贫困户提出防疫物资需求尚未发放，发放给村须填写未优先保障的原因。")
                % {"n": waiting},
                field="skip_reason",
            )
    allocation = SupplyAllocation.objects.create(
        region_code=region_code,
        allocated_on=allocated_on,
        recipient_kind=kind,
        household=household if kind == RecipientKind.HOUSEHOLD else None,
        enterprise_name=enterprise_name,
        credit_code=credit_code,
        item=item,
        quantity=int(quantity),
        skip_reason=skip_reason,
        recorded_by=by,
    )
    record(
        "reports.supplyallocation.created",
        by=by,
        target=allocation,
        region_code=region_code,
        changes={"recipient_kind": [None, kind], "item": [None, item], "quantity": [None, int(quantity)]},
        note=skip_reason,
    )
    return allocation


def _recipient(kind, region_code, household, enterprise_name, credit_code):
    """(region code, enterprise name, credit code) of a recipient of the kind, or the field that is wrong."""
    if kind == RecipientKind.HOUSEHOLD:
        if household is None:
            raise DomainError(_("请填写贫困户的户编号。"), field="household_number")
        return household.region_id, "", ""
    if not region_code or len(region_code) != 12 or not region_code.isdigit():
        raise DomainError(_("请选择所在地区。"), field="region_code")
    if kind == RecipientKind.VILLAGE:
        if region_code.endswith("000"):
            raise DomainError(_("发放给村时请选择一个村(居)。"), field="region_code")
        return region_code, "", ""
    if not (enterprise_name or "").strip():
        raise DomainError(_("请填写扶贫企业名称。"), field="enterprise_name")
    return region_code, enterprise_name.strip(), validate_credit_code(credit_code)
