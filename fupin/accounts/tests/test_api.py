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


def test_a_deactivated_users_token_is_refused(client, village_user, sysadmin_user, token_key):
    services.deactivate_user(village_user, by=sysadmin_user)

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
