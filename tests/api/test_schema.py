"""The generated OpenAPI schema is valid OpenAPI 3, and its docs pages load their assets from
our own static files (hospital intranets often block CDNs)."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse
from openapi_spec_validator import validate

PATHS = {
    "/api/v1/residents/",
    "/api/v1/residents/{id}/",
    "/api/v1/projects/",
    "/api/v1/projects/{id}/",
    "/api/v1/measures/",
    "/api/v1/measures/{id}/",
    "/api/v1/measures/{id}/analysis/",
    "/api/v1/measures/{id}/points/",
    "/api/v1/progress-reports/",
    "/api/v1/progress-reports/{id}/",
}


def test_the_schema_is_valid_openapi_3_and_lists_every_endpoint(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on any violation of the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token, created on the API tokens page.",
    }


def test_the_bulk_write_documents_its_body_and_its_row_errors(client, db):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    points = schema["paths"]["/api/v1/measures/{id}/points/"]["post"]
    assert set(points["responses"]) == {"201", "400", "403", "413"}
    body = points["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/PointsIn")


def _asset_urls(html):
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_the_docs_pages_use_only_local_static_files(client, db):
    for name in ("api:docs", "api:redoc"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assets = [url for url in _asset_urls(html) if url.endswith((".js", ".css", ".png"))]
        assert assets, f"{name} loads no assets?"
        for url in assets:
            assert url.startswith("/static/drf_spectacular_sidecar/"), url
            assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"
        # No address of another host anywhere (a CSP nonce may contain any letters, so look
        # for addresses, not for the word).
        assert not re.search(r"(https?:)?//(?!127\.0\.0\.1|localhost|testserver)[\w.-]+\.\w", html)
