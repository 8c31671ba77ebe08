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
