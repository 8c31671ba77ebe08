"""Writes of the employment app: each use case atomic, scope-checked and audited."""

from __future__ import annotations

import time

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import build, diff, record, record_many, snapshot
from fupin.core.errors import ConflictError, DomainError, OutOfScope
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope
from fupin.employment import matching, queries
from fupin.employment.choices import (
    PLACED_STAGES,
    REFERRAL_STEPS,
    SEEKING,
    ApplicationStatus,
    Industry,
    LaborerStatus,
    ProposalStatus,
    ReferralStage,
    ResumptionStatus,
    VacancyStatus,
    WorkArea,
)
from fupin.employment.creditcode import validate_credit_code
from fupin.employment.models import (
    Enterprise,
    Laborer,
    MatchBatch,
    MatchProposal,
    PostOccupancy,
    PublicWelfarePost,
    Referral,
    SubsidyApplication,
    SurveyRecord,
    SurveyRound,
    Vacancy,
    split_codes,
)

CHANGE, RUN, APPROVE = "employment.change_laborer", "employment.run_matching", "employment.approve_subsidy"
LABORER_FIELDS = [
    "work_status",
    "work_area",
    "employer",
    "max_area",
    "preferred_region_code",
    "desired_industries",
    "desired_post",
    "expected_wage",
    "skills",
    "certificates",
    "available_from",
    "phone",
]
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


def _update(model, obj, *, by, version, fields, values, action):
    """Optimistic update of `fields` from `values`: ConflictError when the version is stale."""
    before = snapshot(obj, fields)
    changes = {k: v for k, v in values.items() if k in fields}
    updated = model.objects.filter(pk=obj.pk, version=version).update(**changes, version=F("version") + 1)
    if not updated:
        raise ConflictError()
    obj.refresh_from_db()
    record(
        action, by=by, target=obj, region_code=obj.region_code, changes=diff(before, snapshot(obj, fields))
    )
    return obj


# --- laborers --------------------------------------------------------------------------------


@transaction.atomic
def create_laborers_from_registry(*, by, region_code) -> int:
    """A profile for every labor-able member of the region's registry who has none yet (bulk)."""
    from fupin.registry.models import Member

    check_scope(by, CHANGE, region_code)
    members = (
        Member.objects.in_region(region_code)
        .labor_able()
        .filter(laborer__isnull=True)
        .values_list("pk", "region_code", "name", "phone", "work_status")
    )
    rows = [
        Laborer(
            member_id=pk,
            region_code=code,
            name=name,
            phone=phone,
            work_status=LaborerStatus.ON_POST if ws not in ("", "00") else LaborerStatus.WAITING,
            work_area=ws if ws in WorkArea.values else "",
        )
        for pk, code, name, phone, ws in members.iterator(chunk_size=5000)
    ]
    Laborer.objects.bulk_create(rows, batch_size=2000)
    record(
        "employment.laborer.generated",
        by=by,
        region_code=region_code,
        target_label=region_code,
        note=_("从建档立卡生成劳动力档案 %(n)d 条") % {"n": len(rows)},
    )
    return len(rows)


def _clean_laborer(values):
    if "desired_industries" in values:
        codes = split_codes(values["desired_industries"])
        bad = [c for c in codes if c not in Industry.values]
        if bad:
            raise DomainError(_("行业代码无效：%(c)s") % {"c": ",".join(bad)}, field="desired_industries")
        values["desired_industries"] = ",".join(codes)
    if values.get("expected_wage") is not None and values["expected_wage"] < 0:
        raise DomainError(_("期望月薪不能为负数。"), field="expected_wage")
    return values


@transaction.atomic
def update_laborer(laborer, *, by, version, **values):
    check_scope(by, CHANGE, laborer.region_code)
    return _update(
        Laborer,
        laborer,
        by=by,
        version=version,
        fields=LABORER_FIELDS,
        values=_clean_laborer(values),
        action="employment.laborer.updated",
    )


@transaction.atomic
def record_survey(*, by, name, surveyed_on, region_code, rows, source="") -> SurveyRound:
    """A survey round with one record per laborer; the laborers' current status follows the survey.

    rows: dicts with laborer (Laborer), work_status, work_area, employer. All or nothing.
    """
    check_scope(by, CHANGE, region_code)
    for row in rows:
        if not by.has_scoped_perm(CHANGE, row["laborer"].region_code):
            raise OutOfScope()
    rnd = SurveyRound.objects.create(
        name=name, surveyed_on=surveyed_on, region_code=region_code, created_by=by
    )
    SurveyRecord.objects.bulk_create(
        [
            SurveyRecord(
                round=rnd,
                laborer=row["laborer"],
                region_code=row["laborer"].region_code,
                work_status=row["work_status"],
                work_area=row.get("work_area", ""),
                employer=row.get("employer", ""),
            )
            for row in rows
        ],
        batch_size=2000,
    )
    entries = []
    for row in rows:
        lab = row["laborer"]
        before = snapshot(lab, ["work_status", "work_area", "employer"])
        Laborer.objects.filter(pk=lab.pk).update(
            work_status=row["work_status"],
            work_area=row.get("work_area", ""),
            employer=row.get("employer", ""),
            version=F("version") + 1,
        )
        after = {
            "work_status": row["work_status"],
            "work_area": row.get("work_area", ""),
            "employer": row.get("employer", ""),
        }
        entries.append(
            build(
                "employment.laborer.surveyed",
                by=by,
                target=lab,
                changes=diff(before, after),
                source=source or f"survey:{rnd.pk}",
            )
        )
    record_many(entries)
    record(
        "employment.surveyround.recorded",
        by=by,
        target=rnd,
        region_code=region_code,
        note=_("摸查 %(n)d 人") % {"n": len(rows)},
        source=source,
    )
    return rnd


# --- enterprises and vacancies -----------------------------------------------------------------


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
    enterprise = Enterprise.objects.create(**{k: v for k, v in values.items() if k in ENTERPRISE_FIELDS})
    record(
        "employment.enterprise.registered",
        by=by,
        target=enterprise,
        changes=diff({}, snapshot(enterprise, ENTERPRISE_FIELDS)),
    )
    return enterprise


@transaction.atomic
def update_enterprise(enterprise, *, by, version, **values):
    check_scope(by, CHANGE, enterprise.region_code)
    if "resumption" in values:
        values.setdefault("resumed_on", enterprise.resumed_on)
    values = _clean_enterprise(values)
    if "region_code" in values:
        check_scope(by, CHANGE, values["region_code"])
    return _update(
        Enterprise,
        enterprise,
        by=by,
        version=version,
        fields=ENTERPRISE_FIELDS,
        values=values,
        action="employment.enterprise.updated",
    )


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
def post_vacancy(*, by, enterprise, **values) -> Vacancy:
    values = _clean_vacancy(values)
    values.setdefault("region_code", enterprise.region_code)
    values.setdefault("industry", enterprise.industry)
    check_scope(by, CHANGE, enterprise.region_code)
    vacancy = Vacancy.objects.create(
        enterprise=enterprise, **{k: v for k, v in values.items() if k in VACANCY_FIELDS}
    )
    record(
        "employment.vacancy.posted",
        by=by,
        target=vacancy,
        changes=diff({}, snapshot(vacancy, VACANCY_FIELDS)),
    )
    return vacancy


@transaction.atomic
def update_vacancy(vacancy, *, by, version, **values):
    check_scope(by, CHANGE, vacancy.region_code)
    merged = {**snapshot(vacancy, VACANCY_FIELDS), **values}
    _clean_vacancy(dict(merged))
    if "skills" in values:
        values["skills"] = ",".join(split_codes(values["skills"]))
    return _update(
        Vacancy,
        vacancy,
        by=by,
        version=version,
        fields=VACANCY_FIELDS,
        values=values,
        action="employment.vacancy.updated",
    )


# --- matching ----------------------------------------------------------------------------------


def laborer_data(rows):
    """LaborerData from value rows (id, region_code, max_area, preferred, industries, skills, wage, available, name)."""
    return [
        matching.LaborerData(
            id=pk,
            region_code=code,
            max_area=int(area or 3),
            preferred_prefix=significant_prefix(pref) if len(pref or "") == 12 else (pref or ""),
            industries=tuple(split_codes(ind)),
            skills=frozenset(split_codes(sk)),
            expected_wage=wage or 0,
            available_from=avail,
            name=name,
        )
        for pk, code, area, pref, ind, sk, wage, avail, name in rows
    ]


LABORER_VALUES = (
    "pk",
    "region_code",
    "max_area",
    "preferred_region_code",
    "desired_industries",
    "skills",
    "expected_wage",
    "available_from",
    "name",
)
VACANCY_VALUES = (
    "pk",
    "region_code",
    "seats",
    "wage_min",
    "wage_max",
    "industry",
    "skills",
    "start_date",
    "urgent",
    "deadline_hours",
    "housing",
    "post",
)


def vacancy_data(rows):
    return [
        matching.VacancyData(
            id=pk,
            region_code=code,
            seats=seats,
            wage_min=wmin,
            wage_max=wmax,
            industry=ind,
            skills=frozenset(split_codes(sk)),
            start_date=start,
            urgent=urg,
            deadline_hours=hours,
            housing=housing,
            label=post,
        )
        for pk, code, seats, wmin, wmax, ind, sk, start, urg, hours, housing, post in rows
    ]


def matching_inputs(scope_code):
    """Seeking laborers of the scope without an active referral, and open vacancies with free seats."""
    busy = Referral.objects.filter(queries.ACTIVE_REFERRAL, ~Q(stage__in=PLACED_STAGES)).values("laborer_id")
    laborers = laborer_data(
        Laborer.objects.in_region(scope_code)
        .filter(work_status__in=SEEKING)
        .exclude(pk__in=busy)
        .order_by("pk")
        .values_list(*LABORER_VALUES)
        .iterator(chunk_size=20000)
    )
    vac_rows = list(
        Vacancy.objects.filter(status=VacancyStatus.OPEN).order_by("pk").values_list(*VACANCY_VALUES)
    )
    taken = queries.taken_seats([r[0] for r in vac_rows]) if len(vac_rows) < 5000 else _all_taken_seats()
    vacancies = [v for v in vacancy_data(vac_rows) if v.seats - taken.get(v.id, 0) > 0]
    seats = [v.seats - taken.get(v.id, 0) for v in vacancies]
    return laborers, vacancies, seats


def _all_taken_seats():
    from django.db.models import Count

    return dict(
        Referral.objects.filter(queries.ACTIVE_REFERRAL)
        .order_by()
        .values_list("vacancy_id")
        .annotate(n=Count("pk"))
    )


MATCHING_STAGES = 4  # reading, scoring, solving, storing


def matching_scope(scope_region) -> str:
    """The significant prefix of a region (a Region, a 12-digit code or already a prefix)."""
    code = str(getattr(scope_region, "code", scope_region)).strip()
    if not code.isdigit() or len(code) > 12:
        raise DomainError(_("请选择匹配范围。"), field="region_code")
    return significant_prefix(code) if len(code) == 12 else code


def run_matching(scope_region, *, by, reporter=None) -> MatchBatch:
    """Optimal proposals for the scope's seeking laborers, stored as one batch (earlier ones superseded).

    `reporter` (a fupin.jobs JobReporter) hears each stage — reading, scoring, solving, storing — and
    raises JobCancelled between stages on a cancel request. Reading, scoring and solving only read, so
    they run outside the write transaction (on SQLite a write transaction would lock every other writer,
    a cancel request included, for the whole run); storing is one transaction, which a cancel or failure
    rolls back. Proposals computed from a moment-old picture are safe: confirming one re-checks the seats.
    """
    prefix = matching_scope(scope_region)
    check_scope(by, RUN, prefix)
    step = reporter.progress if reporter is not None else (lambda *args, **kwargs: None)
    started = time.perf_counter()
    step(0, MATCHING_STAGES, _("正在读取求职劳动力和空缺岗位…"), force=True)
    laborers, vacancies, seats = matching_inputs(prefix)
    step(
        1,
        MATCHING_STAGES,
        _("正在评分：求职劳动力 %(l)d 人，空缺岗位 %(v)d 个…") % {"l": len(laborers), "v": len(vacancies)},
        force=True,
    )
    edges = matching.score_edges(laborers, vacancies)
    step(2, MATCHING_STAGES, _("正在求解最优方案：可匹配组合 %(e)d 对…") % {"e": len(edges)}, force=True)
    result = matching.solve(edges, seats, len(laborers))
    step(3, MATCHING_STAGES, _("正在保存推荐 %(p)d 对…") % {"p": len(result.pairs)}, force=True)
    with transaction.atomic():
        MatchProposal.objects.in_region(prefix).filter(status=ProposalStatus.PROPOSED).update(
            status=ProposalStatus.SUPERSEDED
        )
        batch = MatchBatch.objects.create(
            region_code=prefix.ljust(12, "0"),
            run_by=by,
            laborers=len(laborers),
            vacancies=len(vacancies),
            seats=sum(seats),
            edges=len(edges),
            objective=result.objective,
            proposals=len(result.pairs),
        )
        _insert_proposals(_proposal_rows(batch, laborers, vacancies, edges, result))
        batch.seconds = round(time.perf_counter() - started, 3)
        batch.save(update_fields=["seconds"])
        record(
            "employment.matchbatch.run",
            by=by,
            target=batch,
            region_code=batch.region_code,
            note=_("求职 %(l)d 人，岗位 %(v)d 个，推荐 %(p)d 对，总得分 %(o)d")
            % {"l": len(laborers), "v": len(vacancies), "p": len(result.pairs), "o": result.objective},
        )
        # the last cancel check, still inside the transaction: a cancel here leaves no batch either
        step(
            MATCHING_STAGES,
            MATCHING_STAGES,
            _("匹配完成：推荐 %(n)d 对。") % {"n": batch.proposals},
            force=True,
        )
    return batch


PROPOSAL_COLUMNS = (
    "batch_id",
    "laborer_id",
    "vacancy_id",
    "region_code",
    "score",
    "reasons",
    "cross_region",
    "status",
)


def _proposal_rows(batch, laborers, vacancies, edges, result):
    texts = matching.explanation_texts()
    for li, vi, e in result.pairs:
        lab, vac = laborers[li], vacancies[vi]
        reasons = "；".join(matching.explain(lab, vac, edges.components(e), texts))
        yield (
            batch.pk,
            lab.id,
            vac.id,
            lab.region_code,
            int(edges.total[e]),
            reasons,
            lab.region_code[:2] != vac.region_code[:2],
            ProposalStatus.PROPOSED.value,
        )


def _insert_proposals(rows):
    """Proposals are written in bulk below the ORM (COPY on PostgreSQL): a batch may hold 100,000 of them."""
    table = connection.ops.quote_name(MatchProposal._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in PROPOSAL_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(PROPOSAL_COLUMNS))})"  # identifiers from model metadata, values bound  # nosec B608
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 5000:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


@transaction.atomic
def confirm_proposal(proposal, *, by, on=None) -> Referral:
    """A cadre confirms a proposal: it becomes a referral (推荐) dated today."""
    check_scope(by, CHANGE, proposal.region_code)
    updated = MatchProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.CONFIRMED
    )
    if not updated:
        raise ConflictError(_("该推荐已处理或已被新的匹配批次取代。"))
    vacancy = proposal.vacancy
    taken = queries.taken_seats([vacancy.pk]).get(vacancy.pk, 0)
    if vacancy.status != VacancyStatus.OPEN or taken >= vacancy.seats:
        raise DomainError(_("该岗位已招满或已关闭。"))
    referral = Referral.objects.create(
        proposal=proposal,
        laborer_id=proposal.laborer_id,
        vacancy=vacancy,
        region_code=proposal.region_code,
        cross_region=proposal.cross_region,
        referred_on=on or timezone.localdate(),
    )
    record("employment.matchproposal.confirmed", by=by, target=proposal, region_code=proposal.region_code)
    record(
        "employment.referral.created",
        by=by,
        target=referral,
        changes={"stage": [None, referral.stage], "referred_on": [None, str(referral.referred_on)]},
    )
    return referral


@transaction.atomic
def reject_proposal(proposal, *, by, note=""):
    check_scope(by, CHANGE, proposal.region_code)
    if not MatchProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.REJECTED
    ):
        raise ConflictError(_("该推荐已处理或已被新的匹配批次取代。"))
    record(
        "employment.matchproposal.rejected",
        by=by,
        target=proposal,
        region_code=proposal.region_code,
        note=note,
    )


def next_step(referral):
    stages = [s for s, _ in REFERRAL_STEPS]
    if referral.stage not in stages or referral.stage == stages[-1]:
        return None
    return REFERRAL_STEPS[stages.index(referral.stage) + 1]


@transaction.atomic
def advance_referral(referral, *, by, version, on=None) -> Referral:
    """Move a referral one step (interview → placed → 1 month → 3 months), dated; placement updates the laborer."""
    check_scope(by, CHANGE, referral.region_code)
    step = next_step(referral)
    if step is None:
        raise DomainError(_("该推荐已无后续步骤。"))
    stage, date_field = step
    on = on or timezone.localdate()
    previous = getattr(referral, dict((s, f) for s, f in REFERRAL_STEPS)[referral.stage])
    if previous and on < previous:
        raise DomainError(_("日期不能早于上一步骤（%(d)s）。") % {"d": previous}, field="on")
    before = snapshot(referral, ["stage", date_field])
    if not Referral.objects.filter(pk=referral.pk, version=version).update(
        stage=stage, **{date_field: on}, version=F("version") + 1
    ):
        raise ConflictError()
    referral.refresh_from_db()
    if stage == ReferralStage.PLACED:
        _place(referral, by=by)
    record(
        f"employment.referral.{stage}",
        by=by,
        target=referral,
        changes=diff(before, snapshot(referral, ["stage", date_field])),
    )
    return referral


def _place(referral, *, by):
    lab, vacancy = referral.laborer, referral.vacancy
    area = str(matching.area_between(lab.region_code, vacancy.region_code))
    before = snapshot(lab, ["work_status", "work_area", "employer"])
    Laborer.objects.filter(pk=lab.pk).update(
        work_status=LaborerStatus.ON_POST,
        work_area=area,
        employer=vacancy.enterprise.name[:128],
        version=F("version") + 1,
    )
    lab.refresh_from_db()
    record(
        "employment.laborer.placed",
        by=by,
        target=lab,
        changes=diff(before, snapshot(lab, ["work_status", "work_area", "employer"])),
    )
    placed = Referral.objects.filter(vacancy=vacancy, stage__in=PLACED_STAGES).count()
    if placed >= vacancy.seats and vacancy.status == VacancyStatus.OPEN:
        Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.FILLED, version=F("version") + 1)
        record("employment.vacancy.filled", by=by, target=vacancy, changes={"status": ["open", "filled"]})


@transaction.atomic
def end_referral(referral, *, by, version, on=None, note=""):
    """The referral ends (not hired, or left the post); a placed laborer goes back to 待返岗."""
    check_scope(by, CHANGE, referral.region_code)
    if referral.stage == ReferralStage.ENDED:
        raise DomainError(_("该推荐已终止。"))
    was_placed = referral.stage in PLACED_STAGES
    if not Referral.objects.filter(pk=referral.pk, version=version).update(
        stage=ReferralStage.ENDED,
        ended_on=on or timezone.localdate(),
        note=note[:255],
        version=F("version") + 1,
    ):
        raise ConflictError()
    if was_placed:
        Laborer.objects.filter(pk=referral.laborer_id).update(
            work_status=LaborerStatus.WAITING, version=F("version") + 1
        )
    referral.refresh_from_db()
    record("employment.referral.ended", by=by, target=referral, note=note)
    return referral


# --- public-welfare posts ----------------------------------------------------------------------


@transaction.atomic
def open_public_welfare_post(
    *, by, region_code, kind, name, seats=1, temporary=False, monthly_pay=0, opened_on=None
) -> PublicWelfarePost:
    check_scope(by, CHANGE, region_code)
    post = PublicWelfarePost.objects.create(
        region_code=region_code,
        kind=kind,
        name=name,
        seats=seats,
        temporary=temporary,
        monthly_pay=monthly_pay,
        opened_on=opened_on or timezone.localdate(),
    )
    record("employment.publicwelfarepost.opened", by=by, target=post)
    return post


@transaction.atomic
def assign_post(post, *, by, started_on, laborer=None, name="") -> PostOccupancy:
    """Someone takes a public-welfare post: a registered poor laborer (preferred) or another person."""
    check_scope(by, CHANGE, post.region_code)
    current = post.occupancies.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on)).count()
    if current >= post.seats:
        raise DomainError(_("该公益性岗位已满员。"))
    if laborer is not None and not by.has_scoped_perm(CHANGE, laborer.region_code):
        raise OutOfScope()
    if laborer is None and not name:
        raise DomainError(_("请填写在岗人员姓名。"), field="name")
    occ = PostOccupancy.objects.create(
        post=post,
        laborer=laborer,
        name=laborer.name if laborer else name,
        region_code=post.region_code,
        started_on=started_on,
    )
    if laborer is not None:
        Laborer.objects.filter(pk=laborer.pk).update(
            work_status=LaborerStatus.ON_POST,
            work_area=WorkArea.TOWN,
            employer=post.name,
            version=F("version") + 1,
        )
    record(
        "employment.postoccupancy.started",
        by=by,
        target=occ,
        region_code=post.region_code,
        note=_("建档立卡贫困劳动力") if laborer else _("非建档立卡人员"),
    )
    return occ


@transaction.atomic
def end_post_occupancy(occupancy, *, by, ended_on):
    check_scope(by, CHANGE, occupancy.region_code)
    if ended_on < occupancy.started_on:
        raise DomainError(_("离岗日期不能早于上岗日期。"), field="ended_on")
    PostOccupancy.objects.filter(pk=occupancy.pk).update(ended_on=ended_on)
    record(
        "employment.postoccupancy.ended", by=by, target=occupancy, changes={"ended_on": [None, str(ended_on)]}
    )


# --- subsidies ---------------------------------------------------------------------------------


@transaction.atomic
def apply_subsidy(*, by, kind, period, laborer=None, enterprise=None, months=1, proof="", on=None):
    """An application whose eligibility and amount come from the kind's rules; refused when ineligible."""
    target = laborer or enterprise
    if target is None or (laborer is not None and enterprise is not None):
        raise DomainError(_("请选择一名劳动力或一家企业作为发放对象。"))
    check_scope(by, CHANGE, target.region_code)
    try:
        queries.period_bounds(period)
    except (ValueError, IndexError):
        raise DomainError(_("补贴期间格式应为 2020 或 2020-03。"), field="period") from None
    result = queries.check_eligibility(
        kind, laborer=laborer, enterprise=enterprise, period=period, months=months
    )
    if not result.eligible:
        raise DomainError(_("不符合%(k)s条件：%(r)s") % {"k": kind.name, "r": "；".join(result.reasons)})
    key = f"L{laborer.pk}" if laborer else f"E{enterprise.pk}"
    if (
        SubsidyApplication.objects.filter(kind=kind, beneficiary_key=key, period=period)
        .exclude(status=ApplicationStatus.REJECTED)
        .exists()
    ):
        raise DomainError(_("同一对象同一期间已申请或领取过该项补贴。"), field="period")
    try:
        with transaction.atomic():
            app = SubsidyApplication.objects.create(
                kind=kind,
                laborer=laborer,
                enterprise=enterprise,
                beneficiary_key=key,
                region_code=target.region_code,
                period=period,
                months=result.months or 1,
                amount=result.amount,
                eligibility="；".join(result.reasons),
                proof=proof,
                applied_on=on or timezone.localdate(),
            )
    except IntegrityError:
        raise DomainError(_("同一对象同一期间已申请或领取过该项补贴。"), field="period") from None
    record(
        "employment.subsidyapplication.applied",
        by=by,
        target=app,
        changes={"amount": [None, str(app.amount)], "status": [None, app.status]},
        note=app.eligibility,
    )
    return app


SUBSIDY_TRANSITIONS = {
    "review": ({ApplicationStatus.APPLIED}, ApplicationStatus.REVIEWED, CHANGE),
    "approve": ({ApplicationStatus.REVIEWED}, ApplicationStatus.APPROVED, APPROVE),
    "pay": ({ApplicationStatus.APPROVED}, ApplicationStatus.PAID, APPROVE),
    "reject": ({ApplicationStatus.APPLIED, ApplicationStatus.REVIEWED}, ApplicationStatus.REJECTED, APPROVE),
}


SUBSIDY_EVENTS = {"review": "reviewed", "approve": "approved", "pay": "paid", "reject": "rejected"}


@transaction.atomic
def move_subsidy(app, action, *, by, version, on=None, payment_ref="", note=""):
    """review → approve → pay (or reject): each by its permission, dated and audited."""
    allowed_from, to, permission = SUBSIDY_TRANSITIONS[action]
    check_scope(by, permission, app.region_code)
    if app.status not in allowed_from:
        raise DomainError(_("当前状态（%(s)s）不能执行该操作。") % {"s": app.get_status_display()})
    if action == "review" and app.kind.proof_required and not app.proof and not note:
        raise DomainError(_("请先补充材料：%(p)s") % {"p": app.kind.proof_required}, field="proof")
    if action == "pay" and not payment_ref:
        raise DomainError(_("请填写发放凭证号。"), field="payment_ref")
    on = on or timezone.localdate()
    values = {"status": to}
    if action == "review":
        values["reviewed_by"] = by
    elif action == "approve":
        values["approved_on"] = on
    elif action == "pay":
        values.update(paid_on=on, payment_ref=payment_ref)
    before = snapshot(app, ["status"])
    if not SubsidyApplication.objects.filter(pk=app.pk, version=version, status=app.status).update(
        **values, version=F("version") + 1
    ):
        raise ConflictError()
    app.refresh_from_db()
    record(
        f"employment.subsidyapplication.{SUBSIDY_EVENTS[action]}",
        by=by,
        target=app,
        changes=diff(before, snapshot(app, ["status"])),
        note=note,
    )
    return app
