"""Public-welfare posts (公益性岗位) and who holds them."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import record_page
from fupin.core.listing import Col, field_columns
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, require_perm, requires
from fupin.employment import filters, forms, queries
from fupin.employment.models import Laborer, PostOccupancy, PublicWelfarePost
from fupin.employment.services import posts
from fupin.employment.views.common import (
    CHANGE,
    REGION_CODE,
    VIEW,
    form_page,
    list_page,
    url,
    visible_or_none,
    yes,
)

_post_page = url("employment:post_detail", lambda post: post.pk)


@requires(VIEW)
def post_list(request):
    qs = PublicWelfarePost.objects.visible_to(request.user).annotate(
        held=Count("occupancies", filter=Q(occupancies__ended_on__isnull=True)),
        poor=Count(
            "occupancies", filter=Q(occupancies__ended_on__isnull=True, occupancies__laborer__isnull=False)
        ),
    )
    cols = field_columns(
        PublicWelfarePost,
        "name kind",
        Col(_("临时性"), lambda o: yes(o.temporary), 6, "temporary"),
        "region_code seats",
        Col(_("在岗"), lambda o: o.held, 6, "held", num=True),
        Col(_("其中建档立卡"), lambda o: o.poor, 8, "poor", num=True),
        "monthly_pay opened_on",
        links={"name": _post_page},
        headers=REGION_CODE,
    )
    welfare = queries.public_welfare(request.user)
    actions = links_for(request.user, CHANGE, ("employment:post_create", _("设立公益性岗位")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.PublicWelfarePostFilter,
        columns=cols,
        title=gettext_lazy("公益性岗位"),
        filename="public-welfare-posts",
        default_sort="region_code",
        context={
            "actions": actions,
            "intro": _("在岗 %(o)d 人，其中建档立卡贫困劳动力 %(p)d 人（%(r)s%%）")
            % {"o": welfare["occupied"], "p": welfare["poor"], "r": welfare["poor_rate"] or 0},
        },
    )


@requires(CHANGE)
def post_create(request):
    return form_page(
        request,
        forms.PublicWelfarePostForm(request.POST or None),
        lambda data: posts.open_public_welfare_post(by=request.user, **data),
        success=_("公益性岗位已设立。"),
        title=_("设立公益性岗位"),
        next_url=_post_page,
    )


@requires(VIEW)
def post_detail(request, pk):
    post = get_object_for_user(PublicWelfarePost, request.user, pk=pk)
    form = forms.OccupancyForm(request.POST or None)

    def assign(data):
        require_perm(request.user, CHANGE)
        return posts.assign_post(
            post,
            by=request.user,
            laborer=visible_or_none(Laborer, request.user, data["laborer"]),
            name=data["name"],
            started_on=data["started_on"],
            reason=data["reason"],
        )

    return record_page(
        request,
        form,
        assign,
        success=_("已登记在岗人员。"),
        template="employment/post_detail.html",
        context={
            "post": post,
            "occupancies": post.occupancies.select_related("laborer"),
            "can_change": request.user.has_scoped_perm(CHANGE, post.region_code),
            "waiting": posts.poor_laborers_waiting(post).count(),
        },
    )


@requires(CHANGE)
def occupancy_end(request, pk):
    """Someone leaves a public-welfare post (R2.5): the date and why."""
    occupancy = get_object_for_user(PostOccupancy.objects.select_related("post"), request.user, pk=pk)
    return form_page(
        request,
        forms.OccupancyEndForm(request.POST or None),
        lambda data: posts.end_post_occupancy(occupancy, by=request.user, **data),
        success=_("已登记离岗：%(n)s。") % {"n": occupancy.name},
        title=_("登记离岗：%(n)s（%(p)s）") % {"n": occupancy.name, "p": occupancy.post.name},
        next_url=url("employment:post_detail", occupancy.post_id),
    )
