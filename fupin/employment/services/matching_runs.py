"""The matching (精准对接): its inputs, a run stored as a batch of proposals, and the proposals' decisions."""

from __future__ import annotations

import time

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record
from fupin.core.bulk import insert_rows
from fupin.core.errors import ConflictError, DomainError
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope, chosen_prefix
from fupin.employment import matching, queries
from fupin.employment.choices import PLACED_STAGES, SEEKING, ProposalStatus, VacancyStatus
from fupin.employment.models import Laborer, MatchBatch, MatchProposal, Referral, Vacancy, split_codes
from fupin.employment.services.common import CHANGE, RUN
from fupin.employment.services.labour_requests import note_first_referral
from fupin.jobs.progress import NullReporter


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

    return dict(
        Referral.objects.filter(queries.ACTIVE_REFERRAL)
        .order_by()
        .values_list("vacancy_id")
        .annotate(n=Count("pk"))
    )


MATCHING_STAGES = 4  # reading, scoring, solving, storing


def matching_scope(scope_region) -> str:
    """The prefix of the region a matching runs over (`core.scope.chosen_prefix`)."""
    return chosen_prefix(scope_region, _("请选择匹配范围。"))


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
    step = (reporter or NullReporter()).progress
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
        # a batch may hold 100,000 proposals: written in bulk below the ORM (COPY on PostgreSQL)
        insert_rows(
            MatchProposal, PROPOSAL_COLUMNS, _proposal_rows(batch, laborers, vacancies, edges, result)
        )
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


def _decide(proposal, status, action, *, by, note=""):
    """A proposal confirmed or rejected, once: one already decided, or replaced by a newer batch, is a conflict."""
    check_scope(by, CHANGE, proposal.region_code)
    if not MatchProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(status=status):
        raise ConflictError(_("该推荐已处理或已被新的匹配批次取代。"))
    record(action, by=by, target=proposal, region_code=proposal.region_code, note=note)


@transaction.atomic
def confirm_proposal(proposal, *, by, on=None) -> Referral:
    """A cadre confirms a proposal: it becomes a referral (推荐) dated today."""
    _decide(proposal, ProposalStatus.CONFIRMED, "employment.matchproposal.confirmed", by=by)
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
    note_first_referral(vacancy)
    record(
        "employment.referral.created",
        by=by,
        target=referral,
        changes={"stage": [None, referral.stage], "referred_on": [None, str(referral.referred_on)]},
    )
    return referral


@transaction.atomic
def reject_proposal(proposal, *, by, note=""):
    _decide(proposal, ProposalStatus.REJECTED, "employment.matchproposal.rejected", by=by, note=note)
