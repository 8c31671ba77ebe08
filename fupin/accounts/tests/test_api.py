"""Personal API tokens: the key authenticates, a revoked key does not; /api/v1/me/."""

import pytest

from fupin.accounts import services
from fupin.accounts.models import ApiToken
from fupin.audit.models import AuditEntry


@pytest.fixture
def token_key(village_user):
    _token, key = services.create_api_token(by=village_user, name="脚本")
    return key


def test_a_personal_token_authenticates_the_api(client, village_user, token_key):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "village"
    assert body["roles"][0]["region"] == "440703101201"
    assert body["permissions"]["registry.view_household"] == ["440703101201"]


def test_a_revoked_token_is_refused(client, village_user, token_key):
    token = ApiToken.objects.get(user=village_user)
    services.revoke_api_token(token, by=village_user)

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}")

    assert response.status_code == 401


def test_a_wrong_token_is_refused(client, village_user, token_key):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token fp_not-a-real-key")

    assert response.status_code == 401


def test_a_deactivated_users_token_is_refused(client, village_user, security_admin_user, token_key):
    services.deactivate_user(village_user, by=security_admin_user)

    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}").status_code == 401


def test_anonymous_api_call_is_refused(client, db):
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_tokens_api_creates_lists_and_revokes_own_tokens(client, village_user, other_village_user):
    services.create_api_token(by=other_village_user, name="别人的")
    client.force_login(village_user)

    created = client.post("/api/v1/tokens/", {"name": "新令牌"}, content_type="application/json")
    listed = client.get("/api/v1/tokens/").json()

    assert created.status_code == 201
    key = created.json()["key"]
    assert [t["name"] for t in listed["results"]] == ["新令牌"]
    assert "key" not in listed["results"][0]
    token_id = created.json()["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}/").status_code == 204
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert AuditEntry.objects.filter(action="accounts.apitoken.revoked", actor=village_user).count() == 1


def test_tokens_api_hides_other_users_tokens(client, village_user, other_village_user):
    other, _key = services.create_api_token(by=other_village_user, name="别人的")
    client.force_login(village_user)

    assert client.get(f"/api/v1/tokens/{other.pk}/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{other.pk}/").status_code == 404
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None


def test_a_token_expires_and_is_then_refused_with_a_message(client, village_user, token_key):
    from datetime import timedelta

    from django.utils import timezone

    token = ApiToken.objects.get(user=village_user)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}")

    assert response.status_code == 401
    assert "过期" in str(response.json())


def test_a_token_lifetime_beyond_the_maximum_is_refused(village_user, settings):
    from fupin.core.errors import DomainError

    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(DomainError):
        services.create_api_token(by=village_user, name="长期", days=31)


def test_a_request_authenticated_by_a_token_cannot_create_tokens(client, village_user, token_key):
    response = client.post(
        "/api/v1/tokens/",
        {"name": "子令牌"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token_key}",
    )

    assert response.status_code == 403
    assert ApiToken.objects.filter(user=village_user).count() == 1


def test_a_token_is_never_broader_than_its_user_now(client, village_user, security_admin_user, token_key):
    # given a second role added, the token carries it; removed, the token loses it
    assignment = services.add_role(
        village_user, by=security_admin_user, role="village_cadre", region_code="440703101202"
    )
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}").json()
    assert me["permissions"]["registry.view_household"] == ["440703101201", "440703101202"]
    services.remove_role(assignment, by=security_admin_user)
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}").json()
    assert me["permissions"]["registry.view_household"] == ["440703101201"]
    # and a user left without roles has a useless token
    village_user.role_assignments.all().delete()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}").status_code == 401
