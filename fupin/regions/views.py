"""The region picker's suggestions: regions within the user's scope whose name contains what was typed."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from fupin.core.display import region_names
from fupin.core.regioncodes import ancestors
from fupin.regions.models import Region

SHOWN = 15


@login_required
def region_suggestions(request):
    """{"results": [{"code", "name", "path"}]}: `path` names the two regions above it (江门市 · 蓬江区)."""
    text = (request.GET.get("q") or "").strip()[:32]
    if not text:
        return JsonResponse({"results": []})
    regions = Region.objects.within_scope_of(request.user, request.GET.get("permission") or None)
    levels = [int(v) for v in (request.GET.get("levels") or "").split(",") if v.isdigit()]
    if levels:
        regions = regions.filter(level__in=levels)
    found = list(regions.filter(name__contains=text).order_by("level", "code")[:SHOWN])
    names = region_names({a for r in found for a in ancestors(r.code)})
    results = [
        {
            "code": r.code,
            "name": r.name,
            "path": " · ".join(names[a] for a in ancestors(r.code)[-2:] if a in names),
        }
        for r in found
    ]
    return JsonResponse({"results": results})
