"""Referrals and their steps."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import record_page
from fupin.core.listing import Col
from fupin.core.views import get_object_for_user
from fupin.employment import filters, forms
from fupin.employment.choices import ReferralStage
from fupin.employment.models import Referral
from fupin.employment.services import referrals
from fupin.employment.views.common import CHANGE, list_page, require, url, yes


def _next_label(o):
    step = referrals.next_step(o) if o.stage != ReferralStage.ENDED else None
    return ReferralStage(step[0]).label if step else ""


@login_required
def referral_list(request):
    require(request.user)
    cols = [
        Col(
            _("劳动力"),
            lambda o: o.laborer.name,
            10,
            "laborer__name",
            url("employment:laborer_detail", lambda o: o.laborer_id),
        ),
        Col(_("区划代码"), lambda o: o.region_code, 14, "region_code"),
        Col(_("企业"), lambda o: o.vacancy.enterprise.name, 22),
        Col(_("岗位"), lambda o: o.vacancy.post, 12),
        Col(_("进度"), lambda o: o.get_stage_display(), 10, "stage"),
        Col(_("推荐日期"), lambda o: o.referred_on, 12, "referred_on"),
        Col(_("面试日期"), lambda o: o.interviewed_on, 12),
        Col(_("上岗日期"), lambda o: o.placed_on, 12, "placed_on"),
        Col(_("满1个月"), lambda o: o.month1_on, 12),
        Col(_("满3个月"), lambda o: o.month3_on, 12),
        Col(_("省际劳务对接"), lambda o: yes(o.cross_region), 8),
        Col(_("下一步"), _next_label, 10, link=url("employment:referral_detail", lambda o: o.pk)),
    ]
    qs = Referral.objects.visible_to(request.user).select_related("laborer", "vacancy__enterprise")
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.ReferralFilter,
        columns=cols,
        title=gettext_lazy("推荐就业"),
        filename="referrals",
        audit_action="employment.referral.exported",
        default_sort="-referred_on",
    )


@login_required
def referral_detail(request, pk):
    require(request.user)
    referral = get_object_for_user(
        Referral.objects.select_related("laborer", "vacancy__enterprise"), request.user, pk=pk
    )
    form = forms.DateForm(request.POST or None, initial={"version": referral.version})

    def move(data):
        require(request.user, CHANGE)
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
