import functools

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from fupin.accounts import services
from fupin.accounts.filters import SORTS, UserFilter
from fupin.accounts.forms import (
    LoginForm,
    RoleAssignmentForm,
    SetPasswordForm,
    TokenCreateForm,
    UserCreateForm,
)
from fupin.accounts.middleware import IDLE_FLAG
from fupin.accounts.models import AccountChangeRequest, ApiToken, ChangeKind, RoleAssignment
from fupin.accounts.queries import MANAGE_USERS, users_visible_to
from fupin.core.errors import DomainError, OutOfScope
from fupin.core.listing import Col, home_code, list_page
from fupin.core.scope import check_anywhere
from fupin.core.views import requires, save_form

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        if request.session.pop(IDLE_FLAG, False):
            messages.info(request, _("您已长时间未操作，请重新登录。"))
        return super().get(request, *args, **kwargs)


@login_required
def profile(request):
    assignments = request.user.role_assignments.select_related("region")
    tokens = ApiToken.objects.filter(user=request.user)
    new_key = request.session.pop("new_token_key", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": assignments,
            "tokens": tokens,
            "token_form": TokenCreateForm(),
            "new_key": new_key,
        },
    )


@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            _token, key = services.create_api_token(
                by=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            # Shown once on the next page, then gone: only the hash is stored.
            request.session["new_token_key"] = key
            messages.success(request, _("令牌已创建，请立即复制保存，离开本页后将无法再次查看。"))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_api_token(token, by=request.user)
        messages.success(request, _("令牌已撤销。"))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("accounts:profile")


def _require_manage_users(user):
    check_anywhere(user, MANAGE_USERS)


def _page_columns():
    """The list's columns: their headers, and the `?sort=` key of the sortable ones."""
    return [
        Col(_("用户名"), lambda u: u.username, sort="username"),
        Col(_("姓名"), lambda u: u.display_name),
        Col(_("工作单位"), lambda u: u.unit),
        Col(_("角色与区域"), lambda u: ""),
        Col(_("状态"), lambda u: u.is_active),
        Col(_("最近登录"), lambda u: u.last_login, sort="last_login"),
    ]


@requires(MANAGE_USERS)
def user_list(request):
    queryset = users_visible_to(request.user).prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("region"))
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=UserFilter,
        columns=_page_columns(),
        sorts=SORTS,
        default_sort="username",
        per_page=PAGE_SIZE,
        title=_("系统用户"),
        filename="users",
        export_columns=_export_columns(),
        export_region=home_code(request.user),
        template="accounts/user_list.html",
    )


def _export_columns():
    return [
        Col(_("用户名"), lambda u: u.username, 16),
        Col(_("姓名"), lambda u: u.display_name, 12),
        Col(_("工作单位"), lambda u: u.unit, 24),
        Col(_("联系电话"), lambda u: u.phone, 14),
        Col(_("角色"), _roles_text, 48),
        Col(_("状态"), lambda u: _("启用") if u.is_active else _("停用"), 8),
        Col(_("最近登录"), lambda u: u.last_login.strftime("%Y-%m-%d %H:%M") if u.last_login else "", 18),
    ]


def _roles_text(user):
    return "; ".join(f"{a.get_role_display()} @ {a.region.name}" for a in user.role_assignments.all())


def _managed_user(request, pk):
    _require_manage_users(request.user)
    user = users_visible_to(request.user).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


@requires(MANAGE_USERS)
def user_create(request):
    form = UserCreateForm(request.POST or None, user=request.user)

    def create(data):
        return services.create_user(
            by=request.user,
            username=data["username"],
            password=data["password1"],
            role=data["role"],
            region_code=data["region"],
            display_name=data["display_name"],
            phone=data["phone"],
            unit=data["user_unit"],
            role_unit=data["unit"],
        )

    user = save_form(
        request, form, create, lambda user: _("用户 %(name)s 已创建。") % {"name": user.username}
    )
    if user is not None:
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    user = _managed_user(request, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "assignments": user.role_assignments.select_related("region"),
            "role_form": RoleAssignmentForm(user=request.user),
            "password_form": SetPasswordForm(),
        },
    )


def _run(request, action, success):
    """Call a service; report its refusal as a message. Out of scope is a plain 404."""
    try:
        action()
    except OutOfScope as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)


def _user_action(view):
    """A button of a managed user's page (POST): `view(request, user, …)` acts on the user, then that page
    again, with the outcome as a message."""

    @functools.wraps(view)
    def page(request, pk, **kwargs):
        user = _managed_user(request, pk)
        view(request, user, **kwargs)
        return redirect("accounts:user_detail", pk=user.pk)

    return login_required(require_POST(page))


def _form_errors(request, form):
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@_user_action
def role_add(request, user):
    form = RoleAssignmentForm(request.POST, user=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return
    data = form.cleaned_data
    _run(
        request,
        lambda: services.add_role(
            user, by=request.user, role=data["role"], region_code=data["region"], unit=data["unit"]
        ),
        _("角色已添加。"),
    )


@_user_action
def role_remove(request, user, assignment_pk):
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=user)
    _run(request, lambda: services.remove_role(assignment, by=request.user), _("角色已移除。"))


_REQUESTED = _lazy("申请已提交，须由另一名安全管理员批准后执行。")


def _change_or_request(request, user, kind, change, done, **values):
    """Make the change at once, or (for accounts that need a second approver) file it as a request."""
    if services.needs_second_approval(user):
        _run(
            request,
            lambda: services.request_account_change(user, by=request.user, kind=kind, **values),
            _REQUESTED,
        )
    else:
        _run(request, change, done)


@_user_action
def user_deactivate(request, user):
    _change_or_request(
        request,
        user,
        ChangeKind.DEACTIVATE,
        lambda: services.deactivate_user(user, by=request.user),
        _("账号已停用。"),
    )


@_user_action
def user_reactivate(request, user):
    _run(request, lambda: services.reactivate_user(user, by=request.user), _("账号已启用。"))


@_user_action
def user_password(request, user):
    form = SetPasswordForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    password = form.cleaned_data["password1"]
    _change_or_request(
        request,
        user,
        ChangeKind.RESET_PASSWORD,
        lambda: services.reset_password(user, by=request.user, password=password),
        _("密码已重置，该用户下次登录时须修改密码。"),
        password=password,
    )


@_user_action
def user_otp_reset(request, user):
    _run(
        request,
        lambda: services.reset_second_factor(user, by=request.user),
        _("动态验证码设备已重置，该用户下次登录时须重新设置。"),
    )


@requires(MANAGE_USERS)
def change_request_list(request):
    """Pending requests about auditor and security administrator accounts, for a second approver."""
    changes = (
        AccountChangeRequest.objects.filter(target__in=users_visible_to(request.user))
        .select_related("target", "requested_by", "decided_by")
        .order_by("status", "-requested_at")[:200]
    )
    return render(request, "accounts/change_request_list.html", {"changes": changes})


def _decide(request, pk, action, success):
    _require_manage_users(request.user)
    change = get_object_or_404(
        AccountChangeRequest.objects.filter(target__in=users_visible_to(request.user)), pk=pk
    )
    _run(request, lambda: action(change, by=request.user), success)
    return redirect("accounts:change_request_list")


@login_required
@require_POST
def change_request_approve(request, pk):
    return _decide(request, pk, services.approve_account_change, _("已批准并执行。"))


@login_required
@require_POST
def change_request_reject(request, pk):
    return _decide(request, pk, services.reject_account_change, _("已驳回。"))
