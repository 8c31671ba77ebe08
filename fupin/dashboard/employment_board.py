"""The employment board (employment:home): employment's figures (employment's queries) with the training
coverage of the willing laborers (training's queries). It composes two apps, so it is a board: employment
sits below training and may not read it."""

from django.shortcuts import render

from fupin.core.views import requires
from fupin.employment import queries as employment
from fupin.training import queries as training

VIEW, RUN = "employment.view_laborer", "employment.run_matching"


@requires(VIEW)
def home(request):
    board = {**employment.board(request.user), "training": training.coverage(request.user)}
    return render(
        request,
        "employment/home.html",
        {"b": board, "can_run": request.user.has_scoped_perm(RUN)},
    )
