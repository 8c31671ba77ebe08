"""The API is documented by an OpenAPI schema and a docs page that works without internet access."""


def test_openapi_schema_describes_the_scoped_endpoints(client, city_user):
    client.force_login(city_user)

    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/households/" in paths
    assert "/api/v1/regions/" in paths


def test_api_docs_page_loads_swagger_ui_from_this_server_not_a_cdn(client, city_user):
    client.force_login(city_user)

    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_openapi_schema_generates_without_warnings(tmp_path, db):
    """Every endpoint documents its parameters and responses (drf-spectacular fails on any warning)."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/ledgers/board/" in text and "/api/v1/reports/rollup/" in text


def test_schema_and_docs_are_refused_without_signing_in(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    docs = client.get("/api/docs/")

    assert schema.status_code in (401, 403)
    assert "paths" not in schema.content.decode()
    assert docs.status_code == 302 and "/accounts/login/" in docs["Location"]


def test_schema_is_served_to_a_token(client, village_user):
    from fupin.accounts import services

    _token, key = services.create_api_token(by=village_user, name="脚本")

    response = client.get("/api/schema/", HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200 and "/api/v1/households/" in response.json()["paths"]


def test_api_docs_page_runs_no_inline_script(client, city_user):
    """The split view serves Swagger UI's set-up as a script file, which the Content-Security-Policy allows."""
    client.force_login(city_user)

    html = client.get("/api/docs/").content.decode()
    script = client.get("/api/docs/?script=")

    assert "<script>" not in html.replace(" ", "") and script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
