from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.accounts import services
from fupin.accounts.api.serializers import ApiTokenSerializer, MeSerializer, NewApiTokenSerializer
from fupin.accounts.models import ApiToken
from fupin.core.api_writes import validated_body


class MeView(APIView):
    """The signed-in user, their role assignments and where they hold each permission."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own personal API tokens. DELETE revokes (the row stays for the audit trail)."""

    serializer_class = ApiTokenSerializer
    filterset_fields = []
    ordering_fields = ["created_at", "name"]

    queryset = ApiToken.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        # Tokens come only from a signed-in session (second factor included): a token that could make
        # tokens would outlive its own expiry and revocation.
        if isinstance(request.auth, ApiToken):
            raise PermissionDenied(_("不能用 API 令牌创建令牌，请登录后在个人资料页创建。"))
        body = validated_body(request, ApiTokenSerializer)
        token, key = services.create_api_token(by=request.user, name=body["name"], days=body.get("days"))
        token.key = key
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.revoke_api_token(instance, by=self.request.user)
