"""The dashboard's map: its data (one figure per county in the user's scope) and the outlines."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control

from fupin.core.views import requires
from fupin.dashboard import map_data


@requires(map_data.VIEW)
def data(request):
    figure = request.GET.get("figure") or map_data.FIGURES[0].code
    if figure not in map_data.BY_CODE:
        raise Http404
    return JsonResponse(map_data.map_data(request.user, figure))


@login_required
@cache_control(private=True, max_age=86400)
def shapes(request):
    outlines = map_data.shapes()
    if outlines is None:  # the npm package is not installed (make setup installs it)
        raise Http404
    return JsonResponse(outlines)
