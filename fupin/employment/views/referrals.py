"""Referrals and their steps."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import record_page
from fupin.core.listing import Col, field_columns
from fupin.core.views import get_object_for_user, require_perm, requires
from fupin.employment import filters, forms
from fupin.employment.choices import ReferralStage
from fupin.employment.models import Referral
from fupin.employment.services import referrals
from fupin.employment.views.common import CHANGE, REGION_CODE, VIEW, list_page, url, yes


def _next_label(o):
    step = referrals.next_step(o) if o.stage != ReferralStage.ENDED else None
    return ReferralStage(step[0]).label if step else ""


@requires(VIEW)
def referral_list(request):
    cols = field_columns(
        Referral,
        Col(
            _("劳动力"),
            lambda o: o.laborer.name,
            10,
            "laborer__name",
            url("employment:laborer_detail", lambda o: o.laborer_id),
        ),
        "region_code",
        Col(_("企业"), lambda o: o.vacancy.enterprise.name, 22),
        Col(_("岗位"), lambda o: o.vacancy.post, 12),
        "stage referred_on interviewed_on placed_on",
        Col(_("满1个月"), lambda o: o.month1_on, 12),
        Col(_("满3个月"), lambda o: o.month3_on, 12),
        Col(_("省际劳务对接"), lambda o: yes(o.cross_region), 8),
        Col(_("下一步"), _next_label, 10, link=url("employment:referral_detail", lambda o: o.pk)),
        headers=REGION_CODE,
    )
    qs = Referral.objects.visible_to(request.user).select_related("laborer", "vacancy__enterprise")
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.ReferralFilter,
        columns=cols,
        title=gettext_lazy("推荐就业"),
        filename="referrals",
        default_sort="-referred_on",
    )


@requires(VIEW)
def referral_detail(request, pk):
    referral = get_object_for_user(
        Referral.objects.select_related("laborer", "vacancy__enterprise"), request.user, pk=pk
    )
    form = forms.DateForm(request.POST or None, initial={"version": referral.version})

    def move(data):
        require_perm(request.user, CHANGE)
        step = {"by": request.user, "version": data["version"], "on": data["on"]}
        if request.POST.get("action") == "end":
            return referrals.end_referral(referral, note=data["note"], **step)
        return referrals.advance_referral(referral, **step)

    return record_page(
        request,
        form,
        move,
        success=_("推荐进度已更新。"),
        template="employment/referral_detail.html",
        context={
            "r": referral,
            "next": _next_label(referral) or None,
            "can_change": request.user.has_scoped_perm(CHANGE, referral.region_code),
        },
    )
