"""Screening pages: household and village checklists; a later pass offers to close the problem items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.views import get_object_for_user, save_form
from fupin.ledgers import screening as screening_service
from fupin.ledgers.forms import HouseholdScreeningForm, VillageScreeningForm
from fupin.ledgers.models import LedgerItem, ScreeningCheck
from fupin.ledgers.views.common import require_perm
from fupin.registry import queries as registry_queries


@login_required
def screen_household(request, household_pk):
    require_perm(request.user, "ledgers.change_item")
    household = get_object_or_404(registry_queries.households_visible_to(request.user), pk=household_pk)
    form = HouseholdScreeningForm(request.POST or None)
    check = save_form(
        request,
        form,
        lambda d: screening_service.screen(
            by=request.user,
            region_code=household.region_id,
            household=household,
            results=form.results(),
            checked_on=d["checked_on"],
        ),
        None,
    )
    if check:
        return redirect("ledgers:screening_detail", pk=check.pk)
    return render(request, "ledgers/screening_form.html", {"form": form, "household": household})


@login_required
def screen_village(request):
    require_perm(request.user, "ledgers.change_item")
    form = VillageScreeningForm(
        request.POST or None, initial={"region_code": request.GET.get("region", "")}, user=request.user
    )
    check = save_form(
        request,
        form,
        lambda d: screening_service.screen(
            by=request.user,
            region_code=d["region_code"],
            results=form.results(),
            checked_on=d["checked_on"],
            collective_income=d["collective_income"],
        ),
        None,
    )
    if check:
        return redirect("ledgers:screening_detail", pk=check.pk)
    return render(request, "ledgers/screening_form.html", {"form": form, "household": None})


@login_required
def screening_detail(request, pk):
    check = get_object_for_user(ScreeningCheck.objects.select_related("household"), request.user, pk=pk)
    results = check.results.select_related("ledger_item")
    return render(
        request,
        "ledgers/screening_detail.html",
        {
            "check": check,
            "results": results,
            "closable": screening_service.closable_items(check),
        },
    )


@login_required
@require_POST
def screening_close(request, pk, item_pk):
    """The button a passing screening offers: file the close request with the screening as evidence."""
    check = get_object_for_user(ScreeningCheck, request.user, pk=pk)
    item = get_object_for_user(LedgerItem, request.user, pk=item_pk)
    try:
        screening_service.request_close_from_screening(
            item, check, by=request.user, version=int(request.POST.get("version", item.version))
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已申请销号，排查结果作为佐证材料。"))
    return redirect("ledgers:item_detail", pk=item.pk)
