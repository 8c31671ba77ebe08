"""`Authorization: Token <key>` with a personal API token (stored hashed, with an expiry)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from fupin.accounts.models import ApiToken


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式无效。"))
        key = header[1].decode(errors="replace")
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效或已撤销。"))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("令牌已过期，请在个人资料页创建新令牌。"))
        # The token acts with its user's rights as they are now (computed from the current role
        # assignments on every request); a user left without any role has no use for a token.
        if not token.user.role_assignments.exists():
            raise exceptions.AuthenticationFailed(_("令牌的用户已没有任何角色。"))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema (drf-spectacular registers it on import)."""

    target_class = "fupin.accounts.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Personal API token from the profile page: `Token fp_…`",
        }
