from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from fupin.core.views import require_perm
from fupin.regions import queries
from fupin.regions.models import RegionLevel

PERMISSION = "regions.view_region"


def _require_view(user):
    require_perm(user, PERMISSION)


@login_required
def region_tree(request):
    """The user's scope: one root opens directly, several are listed."""
    _require_view(request.user)
    roots = queries.scope_roots(request.user)
    if len(roots) == 1:
        return _render_node(request, roots[0])
    for root in roots:
        root.households, root.members = queries.counts_of(request.user, root) or (None, None)
    return render(request, "regions/region_tree.html", {"roots": roots})


@login_required
def region_detail(request, code):
    _require_view(request.user)
    node = queries.regions_in_scope(request.user).filter(code=code).first()
    if node is None:
        raise Http404
    return _render_node(request, node)


def _render_node(request, node):
    user = request.user
    ancestors = node.ancestors()
    openable = set(
        queries.regions_in_scope(user)
        .filter(code__in=[a.code for a in ancestors])
        .values_list("code", flat=True)
    )
    counts = queries.node_counts(user, node)
    return render(
        request,
        "regions/region_detail.html",
        {
            "node": node,
            "breadcrumbs": [(a, a.code in openable) for a in ancestors],
            "children": queries.children_with_counts(user, node),
            "households": counts["households"] if counts else None,
            "members": counts["members"] if counts else None,
            "by_status": counts["by_status"] if counts else [],
            "child_level": RegionLevel(node.level + 1).label if node.level < RegionLevel.VILLAGE else "",
        },
    )
