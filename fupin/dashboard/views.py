from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from fupin.dashboard.queries import home_counts


@login_required
def home(request):
    return render(request, "dashboard/home.html", {"counts": home_counts(request.user)})
