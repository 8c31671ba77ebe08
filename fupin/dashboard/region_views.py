"""The region browse page: the region tree (regions' queries) with the household figures under each node
(registry's queries). It composes two apps, so it is a board: regions depends on core only."""

from django.http import Http404
from django.shortcuts import render

from fupin.core.views import requires
from fupin.regions import queries as regions
from fupin.regions.models import RegionLevel
from fupin.registry import queries as registry

PERMISSION = "regions.view_region"


@requires(PERMISSION)
def region_tree(request):
    """The user's scope: one root opens directly, several are listed."""
    roots = regions.scope_roots(request.user)
    if len(roots) == 1:
        return _render_node(request, roots[0])
    for root in roots:
        counts = registry.household_counts_under(request.user, root)
        root.households, root.members = (counts["households"], counts["members"]) if counts else (None, None)
    return render(request, "dashboard/region_tree.html", {"roots": roots})


@requires(PERMISSION)
def region_detail(request, code):
    node = regions.regions_in_scope(request.user).filter(code=code).first()
    if node is None:
        raise Http404
    return _render_node(request, node)


def _children_with_counts(user, node):
    """The node's children inside the user's scope, each with .households and .members (None if hidden)."""
    children = list(regions.regions_in_scope(user).filter(parent=node).order_by("code"))
    counts = registry.household_counts_by_child(user, node)
    for child in children:
        pair = counts.get(child.prefix, [0, 0]) if counts is not None else [None, None]
        child.households, child.members = pair
    return children


def _render_node(request, node):
    user = request.user
    ancestors = node.ancestors()
    openable = set(
        regions.regions_in_scope(user)
        .filter(code__in=[a.code for a in ancestors])
        .values_list("code", flat=True)
    )
    counts = registry.household_counts_under(user, node)
    return render(
        request,
        "dashboard/region_detail.html",
        {
            "node": node,
            "breadcrumbs": [(a, a.code in openable) for a in ancestors],
            "children": _children_with_counts(user, node),
            "households": counts["households"] if counts else None,
            "members": counts["members"] if counts else None,
            "by_status": counts["by_status"] if counts else [],
            "child_level": RegionLevel(node.level + 1).label if node.level < RegionLevel.VILLAGE else "",
        },
    )
