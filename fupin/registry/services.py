"""Writes to the registry: households and members. Every function is atomic, scoped and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.audit.recorder import diff, record, snapshot
from fupin.core.crypto import blind_index
from fupin.core.errors import ConflictError, DomainError
from fupin.core.scope import check_scope
from fupin.regions.models import Region, RegionLevel
from fupin.registry import identity, tally
from fupin.registry.choices import (
    EXITED_STATUSES,
    HousingGrade,
    MonitoringMark,
    PovertyStatus,
    Relation,
    WorkStatus,
)
from fupin.registry.models import Household, Member, MemberRemoval, StatusChange, id_tail_indexer

CHANGE = "registry.change_household"
VIEW = "registry.view_household"
FULL_ID = "registry.view_full_id"
# An ID registered outside the actor's scope: the same words wherever it is (no existence oracle by place).
ID_ELSEWHERE = gettext_lazy("该身份证号已在其他地区登记，请联系上级扶贫部门。")

HOUSEHOLD_FIELDS = [
    "number",
    "region",
    "address",
    "category",
    "main_cause",
    "other_cause_1",
    "other_cause_2",
    "year_identified",
    "income_per_capita",
    "housing_grade",
    "water_safe",
    "phone",
    "cadre_name",
    "cadre_unit",
    "cadre_phone",
]
HOUSEHOLD_AUDIT_FIELDS = [*HOUSEHOLD_FIELDS, "status", "year_exited", "monitoring_mark"]
MEMBER_FIELDS = [
    "name",
    "id_number",
    "sex",
    "birth_date",
    "relation",
    "ethnicity",
    "education",
    "schooling",
    "health",
    "disability_kind",
    "disability_grade",
    "labor_ability",
    "work_status",
    "work_months",
    "work_employer",
    "medical_insurance",
    "pension_insurance",
    "phone",
]
# A member's entry when added or removed names the household too.
MEMBER_AUDIT = ["household", *MEMBER_FIELDS]


def _reject_unknown(fields, allowed):
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": ", ".join(unknown)}, field=unknown[0])


def _full_clean(instance, exclude=()):
    """Field validation (required, choices, lengths) as a DomainError on the first field; the named
    constraints are checked by the rules below, which know which field to blame."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.message_dict
        field = next(iter(errors))
        raise DomainError(errors[field][0], field=None if field == "__all__" else field) from exc


def _tally_key(household_id, lock=False):
    """(village, status, category) of the stored household; `lock` holds its row until the commit so a
    concurrent status change or move cannot count the member under the other key."""
    rows = Household.objects.filter(pk=household_id)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("region_id", "status", "category").get()


def _village(region):
    code = getattr(region, "code", region)
    village = Region.objects.filter(code=code).first() if isinstance(region, str) else region
    if village is None:
        raise DomainError(_("所在村不存在。"), field="region")
    if village.level != RegionLevel.VILLAGE:
        raise DomainError(_("贫困户必须登记在村(居)一级。"), field="region")
    return village


def _check_household_rules(household):
    if household.other_cause_2 and not household.other_cause_1:
        raise DomainError(_("请先填写其他致贫原因一。"), field="other_cause_1")
    causes = [c for c in (household.main_cause, household.other_cause_1, household.other_cause_2) if c]
    if len(set(causes)) != len(causes):
        raise DomainError(_("致贫原因不能重复。"), field="other_cause_1")
    this_year = timezone.localdate().year
    if household.year_identified and not 2013 <= int(household.year_identified) <= this_year:
        raise DomainError(_("识别年度应在2013年至%(y)d年之间。") % {"y": this_year}, field="year_identified")
    if household.income_per_capita is not None and household.income_per_capita < 0:
        raise DomainError(_("年人均纯收入不能为负数。"), field="income_per_capita")
    duplicate = Household.objects.filter(number=household.number).exclude(pk=household.pk)
    if duplicate.exists():
        raise DomainError(_("户编号 %(n)s 已被使用。") % {"n": household.number}, field="number")


def next_household_number(region_code: str) -> str:
    """户编号 = village code + a 4-digit sequence within the village (numbers of households that have
    since moved to another village stay taken)."""
    last = (
        Household.objects.filter(number__range=(region_code + "0000", region_code + "9999"))
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[12:]) + 1 if last and last[12:].isdigit() else 1
    return f"{region_code}{sequence:04d}"


@transaction.atomic
def register_household(*, by, region, **fields) -> Household:
    """A new household in a village of the actor's scope; 户编号 generated when absent."""
    _reject_unknown(fields, HOUSEHOLD_FIELDS)
    village = _village(region)
    check_scope(by, CHANGE, village.code)
    fields = {k: ("" if v is None and k != "income_per_capita" else v) for k, v in fields.items()}
    household = Household(region=village, **fields)
    household.number = (household.number or "").strip() or next_household_number(village.code)
    _full_clean(household)
    _check_household_rules(household)
    household.save()
    tally.apply_delta(household.region_id, household.status, household.category, households=1)
    changes = diff({}, snapshot(household, HOUSEHOLD_AUDIT_FIELDS))
    return _audited("registry.household.registered", household, changes, by=by)


def _stored(obj, fields):
    """The stored values (not the caller's in-memory copy), so the audit diff shows real changes."""
    return snapshot(type(obj).objects.get(pk=obj.pk), fields)


def _differs(before, obj, name):
    return before.get(name) != snapshot(obj, [name])[name]


def _versioned_update(model, obj, version, values):
    """Write only if nobody changed the row since the user read `version`; reload what was stored."""
    if not values:
        if not model.objects.filter(pk=obj.pk, version=version).exists():
            raise ConflictError()
        return
    rows = model.objects.filter(pk=obj.pk, version=version).update(**values, version=F("version") + 1)
    if rows == 0:
        raise ConflictError()
    obj.refresh_from_db()


@transaction.atomic
def update_household(household, *, by, version, **fields):
    """Change a household's fields; status changes go through change_household_status."""
    _reject_unknown(fields, HOUSEHOLD_FIELDS)
    check_scope(by, CHANGE, household.region_id)
    before = _stored(household, HOUSEHOLD_AUDIT_FIELDS)
    if "region" in fields:
        fields["region"] = _village(fields["region"])
        check_scope(by, CHANGE, fields["region"].code)
    for name, value in fields.items():
        setattr(household, name, "" if value is None and name != "income_per_capita" else value)
    _full_clean(household)
    _check_household_rules(household)
    values = {name: getattr(household, name) for name in fields if _differs(before, household, name)}
    old_key = _tally_key(household.pk, lock=True) if values else None
    _versioned_update(Household, household, version, values)
    if before["region"] != household.region_id:
        household.members.update(region_code=household.region_id)
    if values:  # reloaded by _versioned_update: the stored key
        new_key = (household.region_id, household.status, household.category)
        if new_key != old_key:
            tally.move(old_key, new_key, members=household.members.count())
    changes = diff(before, snapshot(household, HOUSEHOLD_AUDIT_FIELDS)) if values else {}
    if not changes:
        return household
    return _audited("registry.household.updated", household, changes, by=by)


def _audited(action, household, changes, *, by, note=""):
    """The household's audit entry (in its village) for the `changes` just stored; the household."""
    record(action, by=by, target=household, region_code=household.region_id, changes=changes, note=note)
    return household


@transaction.atomic
def change_household_status(household, *, by, status, reason, version):
    """A poverty-status change with its reason; 已脱贫 sets the exit year."""
    check_scope(by, CHANGE, household.region_id)
    if status not in PovertyStatus.values:
        raise DomainError(_("脱贫状态无效。"), field="status")
    if status == household.status:
        raise DomainError(_("新状态与当前状态相同。"), field="status")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写状态变更的原因。"), field="reason")
    before = _stored(household, HOUSEHOLD_AUDIT_FIELDS)
    old_status = household.status
    household.status = status
    if status in EXITED_STATUSES and not (old_status in EXITED_STATUSES and household.year_exited):
        household.year_exited = max(timezone.localdate().year, household.year_identified)
    old_key = _tally_key(household.pk, lock=True)
    _versioned_update(Household, household, version, {"status": status, "year_exited": household.year_exited})
    new_key = (household.region_id, household.status, household.category)  # reloaded: stored
    tally.move(old_key, new_key, members=household.members.count())
    StatusChange.objects.create(
        household=household,
        region_code=household.region_id,
        old_status=old_status,
        new_status=status,
        reason=reason,
        changed_by=by,
    )
    changes = diff(before, snapshot(household, HOUSEHOLD_AUDIT_FIELDS))
    return _audited("registry.household.status_changed", household, changes, by=by, note=reason)


@transaction.atomic
def set_living_conditions(household, *, by, housing_grade=None, water_safe=None, note=""):
    """危房等级 and 饮水安全 as a supervision's accepted renovation or water work found them (R5.5); a value
    left None is kept. Audited as the registry's own change, with the work it came from as the note."""
    check_scope(by, CHANGE, household.region_id)
    if housing_grade is not None and housing_grade not in HousingGrade.values:
        raise DomainError(_("住房安全等级无效。"), field="housing_grade")
    values = {"housing_grade": housing_grade, "water_safe": water_safe}
    return _change_fields(
        household,
        {name: value for name, value in values.items() if value is not None},
        by=by,
        action="registry.household.conditions_changed",
        note=note,
    )


@transaction.atomic
def set_monitoring_mark(household, *, by, mark, note=""):
    """The 防返贫监测 mark (脱贫不稳定户 / 边缘易致贫户 / 风险已消除, or none), set by the monitoring's
    procedure; the poverty status is left as it is."""
    check_scope(by, CHANGE, household.region_id)
    if mark and mark not in MonitoringMark.values:
        raise DomainError(_("监测对象标识无效。"), field="monitoring_mark")
    return _change_fields(
        household, {"monitoring_mark": mark}, by=by, action="registry.household.mark_changed", note=note
    )


def _change_fields(household, values, *, by, action, note):
    """Store those of `values` that differ from the household's stored ones (version bumped) and audit them
    as `action`, the other app's work as the note; nothing changed, nothing written."""
    before = _stored(household, HOUSEHOLD_AUDIT_FIELDS)
    values = {name: value for name, value in values.items() if before[name] != value}
    if not values:
        return household
    Household.objects.filter(pk=household.pk).update(**values, version=F("version") + 1)
    household.refresh_from_db(fields=[*values, "version"])
    changes = diff(before, _stored(household, HOUSEHOLD_AUDIT_FIELDS))
    return _audited(action, household, changes, by=by, note=note)


def _check_identity(member):
    """Validate the ID; fill sex and birth date from it when empty; return its warnings."""
    try:
        info = identity.check(member.id_number)
    except identity.IdNumberError as exc:
        raise DomainError(str(exc), field="id_number") from exc
    member.id_number = info.number
    member.sex = member.sex or info.sex
    member.birth_date = member.birth_date or info.birth_date
    if member.sex != info.sex:
        raise DomainError(
            _("性别与身份证号码不一致（身份证号码显示为%(s)s）。")
            % {"s": _("男") if info.sex == "1" else _("女")},
            field="sex",
        )
    if member.birth_date != info.birth_date:
        raise DomainError(
            _("出生日期与身份证号码不一致（身份证号码显示为%(d)s）。") % {"d": info.birth_date.isoformat()},
            field="birth_date",
        )
    return info.warnings


def _check_unique_id(member, by):
    """One person, one household, in any region. Outside the actor's scope nothing is named (not even the
    place): the message must not tell where, or whether in a given region, an ID is registered."""
    other = (
        Member.objects.with_id_number(member.id_number)
        .exclude(pk=member.pk)
        .select_related("household")
        .first()
    )
    if other is None:
        return
    if by.has_scoped_perm(VIEW, other.region_code):
        region = Region.objects.filter(code=other.region_code).first()
        message = _("该身份证号已登记在 %(p)s（户编号 %(n)s，%(name)s）。") % {
            "p": region.name if region else other.region_code,
            "n": other.household.number,
            "name": other.name,
        }
    else:
        message = str(ID_ELSEWHERE)
    raise DomainError(message, field="id_number")


def _check_one_head(member):
    if member.relation != Relation.HEAD:
        return
    heads = Member.objects.filter(household_id=member.household_id, relation=Relation.HEAD).exclude(
        pk=member.pk
    )
    if heads.exists():
        raise DomainError(_("该户已有户主，每户只能有一名户主。"), field="relation")


def _check_member(member, by):
    warnings = _check_identity(member)
    _full_clean(member, exclude=["household"])
    _check_unique_id(member, by)
    _check_one_head(member)
    if member.work_months and member.work_months > 12:
        raise DomainError(_("务工时间不能超过12个月。"), field="work_months")
    if member.work_status == WorkStatus.NOT_WORKING and member.work_months:
        raise DomainError(_("未务工的成员务工时间应为0。"), field="work_months")
    return warnings


@transaction.atomic
def add_member(household, *, by, **fields) -> Member:
    """A new member; sex and birth date come from the ID when not given. Warnings in `member.warnings`."""
    _reject_unknown(fields, MEMBER_FIELDS)
    check_scope(by, CHANGE, household.region_id)
    fields = {k: v for k, v in fields.items() if v is not None}
    member = Member(household=household, region_code=household.region_id, **fields)
    warnings = _check_member(member, by)
    key = _tally_key(household.pk, lock=True)
    member.save()
    tally.apply_delta(*key, members=1)
    _member_audited("registry.member.added", member, by=by, changes=diff({}, snapshot(member, MEMBER_AUDIT)))
    member.warnings = warnings
    return member


@transaction.atomic
def update_member(member, *, by, version, **fields):
    """Change a member's fields; a new ID must agree with sex and birth date (filled when not given)."""
    _reject_unknown(fields, MEMBER_FIELDS)
    check_scope(by, CHANGE, member.region_code)
    before = _stored(member, MEMBER_FIELDS)
    new_id = "id_number" in fields and identity.normalize(fields["id_number"]) != member.id_number
    for name, value in fields.items():
        setattr(member, name, value)
    if new_id:
        member.sex = fields.get("sex") or ""
        member.birth_date = fields.get("birth_date")
    warnings = _check_member(member, by)
    names = set(fields) | ({"sex", "birth_date"} if new_id else set())
    values = {name: getattr(member, name) for name in names if _differs(before, member, name)}
    if "id_number" in values:  # UPDATE skips pre_save: the blind indexes go with the new ID
        values["id_index"] = blind_index(member.id_number)
        values["id_tail4_index"], values["id_tail6_index"] = id_tail_indexer()(member.id_number)
    _versioned_update(Member, member, version, values)
    member.warnings = warnings
    changes = diff(before, snapshot(member, MEMBER_FIELDS)) if values else {}
    if changes:
        _member_audited("registry.member.updated", member, by=by, changes=changes)
    return member


def _member_audited(action, member, *, by, changes=None, note=""):
    """The member's audit entry, in the member's village and under the member's name."""
    return record(
        action,
        by=by,
        target=member,
        region_code=member.region_code,
        changes=changes,
        note=note,
        target_label=member.name,
    )


@transaction.atomic
def remove_member(member, *, by, reason):
    """Remove a member from the registry (death, marriage out, wrongly registered...) with a reason."""
    check_scope(by, CHANGE, member.region_code)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写移除成员的原因。"), field="reason")
    changes = diff(snapshot(member, MEMBER_AUDIT), {})
    entry = _member_audited("registry.member.removed", member, by=by, changes=changes, note=reason)
    MemberRemoval.objects.create(
        household_id=member.household_id,
        region_code=member.region_code,
        member_id=member.pk,
        name=member.name,
        reason=reason,
        removed_by=by if getattr(by, "pk", None) else None,
    )
    key = _tally_key(member.household_id, lock=True)
    try:
        with transaction.atomic():
            member.delete()
    except (
        ProtectedError
    ) as exc:  # e.g. an insurance policy: it must keep its insured person (409, all undone)
        what = "、".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ConflictError(
            _("该成员有%(what)s记录，这些记录须保留其本人，不能移除该成员。") % {"what": what}
        ) from exc
    tally.apply_delta(*key, members=-1)
    return entry


@transaction.atomic
def record_full_id_view(member, *, by):
    """Audit that the actor was shown a member's full resident ID."""
    check_scope(by, FULL_ID, member.region_code)
    return _member_audited("registry.member.full_id_viewed", member, by=by)
