"""Demands, the matching run stored as proposals, and the two confirmations of each proposal."""

from __future__ import annotations

import time
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from fupin.audit.recorder import diff, record, snapshot
from fupin.consumption import matching
from fupin.consumption.choices import BuyerStatus, DemandStatus, ProposalStatus, SupplierKind
from fupin.consumption.models import Demand, Listing, MatchRun, Proposal
from fupin.consumption.permissions import CHANGE, RUN, acts_as_buyer, check_buyer
from fupin.consumption.services.orders import place_order
from fupin.core.errors import ConflictError, DomainError
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope

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
    demand = Demand.objects.create(
        buyer=buyer,
        region_code=buyer.region_code,
        category=category,
        product=product,
        quantity=quantity,
        price_max=price_max,
        needed_by=needed_by,
        preferred_origin=origin_prefix(preferred_origin),
        prefer_paired=prefer_paired,
    )
    record(
        "consumption.demand.posted", by=by, target=demand, changes=diff({}, snapshot(demand, DEMAND_FIELDS))
    )
    return demand


@transaction.atomic
def close_demand(demand, *, by, version) -> Demand:
    check_buyer(by, demand.buyer)
    if not Demand.objects.filter(pk=demand.pk, version=version).update(
        status=DemandStatus.CLOSED, version=F("version") + 1
    ):
        raise ConflictError()
    demand.refresh_from_db()
    record(
        "consumption.demand.closed",
        by=by,
        target=demand,
        changes={"status": [DemandStatus.OPEN, demand.status]},
    )
    return demand


def origin_prefix(code) -> str:
    """A preferred origin is a county or a city (matching.listing_classes): a finer code is cut to its county."""
    code = (code or "").strip()
    code = significant_prefix(code) if len(code) == 12 and code.isdigit() else code
    return code[:6]


def _cents(value):
    return matching.NO_PRICE if value is None else int(Decimal(value) * 100)


def matching_inputs(prefix):
    """Open demands of the scope's buyers (less what is confirmed) and every listing on the market (less
    what confirmed proposals hold), as plain data."""
    held = dict(
        Proposal.objects.filter(status=ProposalStatus.CONFIRMED)
        .values_list("listing_id")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    filled = dict(
        Proposal.objects.filter(status__in=TAKEN)
        .values_list("demand_id")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    demands = []
    for pk, code, cat, qty, pmax, pref, paired in (
        Demand.objects.in_region(prefix)
        .filter(status=DemandStatus.OPEN)
        .order_by("pk")
        .values_list(
            "pk", "region_code", "category", "quantity", "price_max", "preferred_origin", "prefer_paired"
        )
        .iterator(chunk_size=20000)
    ):
        left = qty - filled.get(pk, 0)
        if left > 0:
            demands.append(matching.DemandData(pk, code, cat, left, _cents(pmax), (pref or "")[:6], paired))
    poor = Q(supplier__kind=SupplierKind.HOUSEHOLD) | Q(supplier__households__isnull=False)
    poor_ids = set(Listing.objects.on_market().filter(poor).values_list("pk", flat=True))
    listings = []
    for pk, code, cat, price, rem, unsold, product in (
        Listing.objects.on_market()
        .order_by("pk")
        .values_list("pk", "region_code", "category", "price", "remaining", "unsold", "product")
        .iterator(chunk_size=20000)
    ):
        left = rem - held.get(pk, 0)
        if left > 0:
            listings.append(
                matching.ListingData(
                    pk, code, cat, _cents(price), left, bool(unsold), pk in poor_ids, product
                )
            )
    return listings, demands


def matching_scope(scope_region) -> str:
    code = str(getattr(scope_region, "code", scope_region)).strip()
    if not code.isdigit() or len(code) > 12:
        raise DomainError(_("请选择匹配范围。"), field="region_code")
    return significant_prefix(code) if len(code) == 12 else code


def run_matching(scope_region, *, by, reporter=None) -> MatchRun:
    """Optimal proposals for the open demands of the scope's buyers (earlier open proposals superseded).
    Reading, scoring and solving only read; storing is one transaction (as employment's matching)."""
    prefix = matching_scope(scope_region)
    check_scope(by, RUN, prefix)
    step = reporter.progress if reporter is not None else (lambda *args, **kwargs: None)
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
        Proposal.objects.bulk_create(_proposals(run, listings, demands, edges, result), batch_size=5000)
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


def _proposals(run, listings, demands, edges, result):
    for li, di, qty, e in result.flows:
        lst, dem = listings[li], demands[di]
        parts = matching.components(lst, dem)
        yield Proposal(
            run=run,
            demand_id=dem.id,
            listing_id=lst.id,
            region_code=lst.region_code,
            quantity=qty,
            score=int(edges.score[e]),
            reasons=matching.explain(parts),
        )


@transaction.atomic
def confirm_proposal(proposal, *, by) -> Proposal:
    """The buyer confirms for its side, the supplier's town or village for the other; both make it firm."""
    if acts_as_buyer(by, proposal.demand.buyer):
        check_buyer(by, proposal.demand.buyer)
        field = "buyer_confirmed"
    else:
        check_scope(by, CHANGE, proposal.region_code)
        field = "supplier_confirmed"
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
    if acts_as_buyer(by, proposal.demand.buyer):
        check_buyer(by, proposal.demand.buyer)
    else:
        check_scope(by, CHANGE, proposal.region_code)
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
