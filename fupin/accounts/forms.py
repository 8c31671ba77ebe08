from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from fupin.accounts.queries import MANAGE_USERS
from fupin.accounts.roles import Role
from fupin.regions.fields import RegionField, scope_region_fields


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。"),
        "inactive": _("该账号已停用。"),
    }


class _PasswordPairMixin:
    """Two password fields that must agree; the policy itself is checked by the service."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned


_password_help = lazy(lambda: " ".join(password_validation.password_validators_help_texts()), str)


def _password_field(label):
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_password_help(),
    )


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = RegionField(
        label=_("区域"),
        permission=MANAGE_USERS,
        help_text=_("输入市、区、镇或村的名称，从建议中选择（也可输入区划代码）"),
    )
    unit = forms.CharField(
        label=_("部门/单位"),
        max_length=128,
        required=False,
        help_text=_("仅市直部门角色需要，例如 市人力资源社会保障局"),
    )

    def __init__(self, *args, user=None, **kwargs):
        """`user`: the manager; the region is picked within their scope of managing users."""
        super().__init__(*args, **kwargs)
        scope_region_fields(self, user)


class UserCreateForm(_PasswordPairMixin, RoleFields):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    user_unit = forms.CharField(label=_("工作单位"), max_length=128, required=False)
    password1 = _password_field(_("初始密码"))
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput)

    field_order = [
        "username",
        "display_name",
        "phone",
        "user_unit",
        "password1",
        "password2",
        "role",
        "region",
        "unit",
    ]


class RoleAssignmentForm(RoleFields):
    pass


class SetPasswordForm(_PasswordPairMixin, forms.Form):
    password1 = _password_field(_("新密码"))
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput)


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=64, help_text=_("用途说明，例如 数据对接脚本"))
    days = forms.IntegerField(label=_("有效天数"), min_value=1, required=False)


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = _password_field(_("新密码"))
    new_password2 = forms.CharField(label=_("确认新密码"), strip=False, widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("两次输入的密码不一致。"))
        return cleaned
