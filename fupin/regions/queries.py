"""Reads over the region tree: children of a node with the household counts under each."""

from fupin.regions.models import Region, RegionLevel

HOUSEHOLDS = "registry.view_household"


def regions_in_scope(user):
    """Regions inside the user's scope (no ancestors): the nodes a user may open."""
    return Region.objects.within_scope_of(user)


def scope_roots(user):
    """The top regions of the user's scope, widest first."""
    prefixes = user.prefixes_for("regions.view_region")
    return list(
        Region.objects.filter(code__in=[p.ljust(12, "0") for p in prefixes]).order_by("level", "code")
    )


def _tally_rows(user):
    from fupin.registry.models import HouseholdTally

    return HouseholdTally.objects.visible_to(user)


def counts_by_child(user, node):
    """{child prefix: (households, members)} for the children of `node`: one grouped query over the
    registry's household tally (rows per village), within the user's registry scope.

    A user without registry access gets no figures (None).
    """
    if not user.has_scoped_perm(HOUSEHOLDS) or node.level >= RegionLevel.VILLAGE:
        return None
    from fupin.registry import tally

    return {child: list(pair) for child, pair in tally.child_counts(node, queryset=_tally_rows(user)).items()}


def node_counts(user, node):
    """{"households", "members", "by_status": [(status label, households)]} under one node, from one
    query over the household tally; None without registry access."""
    if not user.has_scoped_perm(HOUSEHOLDS):
        return None
    from fupin.registry import tally
    from fupin.registry.choices import PovertyStatus

    counts = tally.counts_for([node.prefix], queryset=_tally_rows(user))
    by_status = [(PovertyStatus(s).label, n) for s, n in sorted(counts["by_status"].items()) if n]
    return {"households": counts["households"], "members": counts["members"], "by_status": by_status}


def counts_of(user, node):
    """(households, members) under one node, or None without registry access."""
    counts = node_counts(user, node)
    return None if counts is None else (counts["households"], counts["members"])


def status_counts(user, node):
    """[(status label, households)] under the node."""
    counts = node_counts(user, node)
    return [] if counts is None else counts["by_status"]


def children_with_counts(user, node):
    """The node's children inside the user's scope, each with .households and .members (None if hidden)."""
    children = list(regions_in_scope(user).filter(parent=node).order_by("code"))
    counts = counts_by_child(user, node)
    for child in children:
        pair = counts.get(child.prefix, [0, 0]) if counts is not None else [None, None]
        child.households, child.members = pair
    return children
