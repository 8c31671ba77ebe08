"""Demands, the matching run stored as proposals, and the two confirmations of each proposal."""

from __future__ import annotations

import json
import time
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded, update_versioned
from fupin.audit.recorder import record
from fupin.consumption import matching
from fupin.consumption.choices import BuyerStatus, DemandStatus, ProposalStatus, SupplierKind
from fupin.consumption.models import Demand, Listing, MatchRun, Proposal, Supplier
from fupin.consumption.permissions import RUN, check_buyer, check_either_side
from fupin.consumption.services.orders import place_order
from fupin.core.bulk import insert_rows
from fupin.core.errors import ConflictError, DomainError
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope, chosen_prefix
from fupin.jobs.progress import NullReporter

DEMAND_FIELDS = [
    "category",
    "product",
    "quantity",
    "price_max",
    "needed_by",
    "preferred_origin",
    "prefer_paired",
    "status",
]
TAKEN = (ProposalStatus.CONFIRMED, ProposalStatus.ORDERED)
STAGES = 4  # reading, scoring, solving, storing


@transaction.atomic
def post_demand(
    buyer,
    *,
    by,
    category,
    quantity,
    product="",
    price_max=None,
    needed_by=None,
    preferred_origin="",
    prefer_paired=False,
) -> Demand:
    check_buyer(by, buyer)
    if buyer.status != BuyerStatus.APPROVED:
        raise DomainError(_("采购方尚未通过审核。"))
    if not quantity or quantity <= 0:
        raise DomainError(_("需求数量须大于零。"), field="quantity")
    values = {
        "category": category,
        "product": product,
        "quantity": quantity,
        "price_max": price_max,
        "needed_by": needed_by,
        "preferred_origin": origin_prefix(preferred_origin),
        "prefer_paired": prefer_paired,
    }
    return create_recorded(
        Demand,
        by=by,
        fields=DEMAND_FIELDS,
        values=values,
        action="consumption.demand.posted",
        buyer=buyer,
        region_code=buyer.region_code,
    )


@transaction.atomic
def close_demand(demand, *, by, version) -> Demand:
    check_buyer(by, demand.buyer)
    return update_versioned(
        demand,
        by=by,
        version=version,
        fields=["status"],
        values={"status": DemandStatus.CLOSED},
        action="consumption.demand.closed",
    )


def origin_prefix(code) -> str:
    """A preferred origin is a county or a city (matching.listing_classes): a finer code is cut to its county."""
    code = (code or "").strip()
    code = significant_prefix(code) if len(code) == 12 and code.isdigit() else code
    return code[:6]


def _cents_of(field):
    """A price in whole cents computed by the database: no Decimal per row (a run reads tens of thousands)."""
    return Cast(Round(F(field) * 100), IntegerField())


def matching_inputs(prefix):
    """Open demands of the scope's buyers (less what is confirmed) and every listing on the market (less
    what confirmed proposals hold), as plain data: one query each, tuples, no model objects."""
    held, filled = defaultdict(int), defaultdict(int)
    # summed here, not by a GROUP BY: SQLite would scan every run's proposals along the grouped column's index
    # instead of reading the few taken ones through the status index
    taken = Proposal.objects.filter(status__in=TAKEN).order_by()
    for listing_id, demand_id, status, qty in _rows(
        taken.values_list("listing_id", "demand_id", "status", "quantity")
    ):
        filled[demand_id] += qty
        if status == ProposalStatus.CONFIRMED:
            held[listing_id] += qty
    demands = []
    open_demands = (
        Demand.objects.in_region(prefix)
        .filter(status=DemandStatus.OPEN)
        .annotate(cents=_cents_of("price_max"))
        .order_by("pk")
    )
    for pk, code, cat, qty, pmax, pref, paired in _rows(
        open_demands.values_list(
            "pk", "region_code", "category", "quantity", "cents", "preferred_origin", "prefer_paired"
        )
    ):
        left = qty - filled.get(pk, 0)
        if left > 0:
            cents = matching.NO_PRICE if pmax is None else pmax
            demands.append(matching.DemandData(pk, code, cat, left, cents, (pref or "")[:6], bool(paired)))
    poor = poor_supplier_ids()
    listings = []
    on_market = Listing.objects.on_market().annotate(cents=_cents_of("price")).order_by("pk")
    for pk, code, cat, cents, rem, unsold, supplier_id in _rows(
        on_market.values_list("pk", "region_code", "category", "cents", "remaining", "unsold", "supplier_id")
    ):
        left = rem - held.get(pk, 0)
        if left > 0:
            listings.append(
                matching.ListingData(pk, code, cat, cents, left, unsold != "", supplier_id in poor)
            )
    return listings, demands


def _rows(queryset, chunk=20000):
    """The rows of a values_list queryset as the database driver gives them: the ORM writes the query (scope,
    filters), but no converter runs per row. Only for columns the driver already returns as Python wants them
    (integers, strings; booleans come as 0/1 on SQLite)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            yield from batch


def poor_supplier_ids() -> set:
    """Suppliers whose sales count for poor households: a household itself, or one carrying households."""
    own = Supplier.objects.filter(kind=SupplierKind.HOUSEHOLD).values_list("pk", flat=True)
    carrying = Supplier.households.through.objects.values_list("supplier_id", flat=True)
    return set(own) | set(carrying)


def matching_scope(scope_region) -> str:
    """The prefix of the region a matching runs over (`core.scope.chosen_prefix`)."""
    return chosen_prefix(scope_region, _("请选择匹配范围。"))


def run_matching(scope_region, *, by, reporter=None) -> MatchRun:
    """Optimal proposals for the open demands of the scope's buyers (earlier open proposals superseded).
    Reading, scoring and solving only read; storing is one transaction (as employment's matching)."""
    prefix = matching_scope(scope_region)
    check_scope(by, RUN, prefix)
    step = (reporter or NullReporter()).progress
    started = time.perf_counter()
    step(0, STAGES, _("正在读取供应和需求…"), force=True)
    listings, demands = matching_inputs(prefix)
    step(
        1,
        STAGES,
        _("正在评分：供应 %(l)d 条，需求 %(d)d 条…") % {"l": len(listings), "d": len(demands)},
        force=True,
    )
    step(2, STAGES, _("正在求解最优方案…"), force=True)
    edges, result = matching.match(listings, demands)
    step(3, STAGES, _("正在保存推荐 %(p)d 条…") % {"p": len(result.flows)}, force=True)
    with transaction.atomic():
        Proposal.objects.filter(
            demand__in=Demand.objects.in_region(prefix), status=ProposalStatus.PROPOSED
        ).update(status=ProposalStatus.SUPERSEDED)
        run = MatchRun.objects.create(
            region_code=prefix.ljust(12, "0"),
            run_by=by,
            demands=len(demands),
            listings=len(listings),
            edges=len(edges),
            proposals=len(result.flows),
            quantity=result.quantity,
            objective=result.objective,
        )
        insert_rows(Proposal, PROPOSAL_COLUMNS, _proposal_rows(run, listings, demands, edges, result))
        run.seconds = round(time.perf_counter() - started, 3)
        run.save(update_fields=["seconds"])
        record(
            "consumption.matchrun.run",
            by=by,
            target=run,
            region_code=run.region_code,
            note=_("供应 %(l)d 条，需求 %(d)d 条，推荐 %(p)d 条，数量 %(q)d，总得分 %(o)d")
            % {
                "l": len(listings),
                "d": len(demands),
                "p": len(result.flows),
                "q": result.quantity,
                "o": result.objective,
            },
        )
        step(STAGES, STAGES, _("匹配完成：推荐 %(n)d 条。") % {"n": run.proposals}, force=True)
    return run


PROPOSAL_COLUMNS = (
    "created_at",
    "updated_at",
    "version",
    "region_code",
    "run_id",
    "demand_id",
    "listing_id",
    "quantity",
    "score",
    "reasons",
    "buyer_confirmed",
    "supplier_confirmed",
    "status",
)


def _proposal_rows(run, listings, demands, edges, result):
    """The proposals as plain rows for insert_rows. The reasons depend only on the score's components: the
    same for every listing of a class along one edge, and a few dozen combinations in all, so each edge's are
    worked out once and each combination explained (and translated) once."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    proposed, run_id = ProposalStatus.PROPOSED.value, run.pk
    texts, of_edge = {}, {}
    for li, di, qty, e in result.flows:
        lst = listings[li]
        reasons = of_edge.get(e)
        if reasons is None:
            parts = matching.components(lst, demands[di])
            key = tuple(parts.values())
            if key not in texts:
                texts[key] = json.dumps(matching.explain(parts), ensure_ascii=False)
            reasons = of_edge[e] = texts[key]
        score = int(edges.score[e])
        yield (
            now,
            now,
            1,
            lst.region_code,
            run_id,
            demands[di].id,
            lst.id,
            qty,
            score,
            reasons,
            False,
            False,
            proposed,
        )


@transaction.atomic
def confirm_proposal(proposal, *, by) -> Proposal:
    """The buyer confirms for its side, the supplier's town or village for the other; both make it firm."""
    as_buyer = check_either_side(by, proposal.demand.buyer, proposal.region_code)
    field = "buyer_confirmed" if as_buyer else "supplier_confirmed"
    if not Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(**{field: True}):
        raise ConflictError(_("该推荐已处理或已被新的匹配结果取代。"))
    Proposal.objects.filter(pk=proposal.pk, buyer_confirmed=True, supplier_confirmed=True).update(
        status=ProposalStatus.CONFIRMED
    )
    proposal.refresh_from_db()
    record(
        "consumption.proposal.confirmed",
        by=by,
        target=proposal,
        region_code=proposal.region_code,
        changes={field: [False, True], "status": [ProposalStatus.PROPOSED, proposal.status]},
    )
    return proposal


@transaction.atomic
def reject_proposal(proposal, *, by, note="") -> Proposal:
    check_either_side(by, proposal.demand.buyer, proposal.region_code)
    if not Proposal.objects.filter(
        pk=proposal.pk, status__in=(ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED)
    ).update(status=ProposalStatus.REJECTED):
        raise ConflictError(_("该推荐已处理或已被新的匹配结果取代。"))
    proposal.refresh_from_db()
    record(
        "consumption.proposal.rejected", by=by, target=proposal, region_code=proposal.region_code, note=note
    )
    return proposal


@transaction.atomic
def order_proposal(proposal, *, by):
    """The buyer orders a proposal both sides confirmed, at the listing's price."""
    buyer = proposal.demand.buyer
    check_buyer(by, buyer)
    if not Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.CONFIRMED).update(
        status=ProposalStatus.ORDERED
    ):
        raise DomainError(_("双方确认后才能下单。"))
    return place_order(
        buyer, by=by, lines=[(proposal.listing, proposal.quantity, None)], source=f"proposal:{proposal.pk}"
    )
