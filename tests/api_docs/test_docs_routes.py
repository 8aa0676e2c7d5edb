"""The document and the offline Swagger UI served by `mount_docs`."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from paystead.api.docs import mount_docs

# What the page loads (scripts, style sheets, icon); its <a> links are checked apart.
_LINK = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']""")
_ANCHOR = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']""")
_UI_DOCUMENT_URL = re.compile(r'"url":\s*"([^"]+)"')


def _app(document: dict) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    mount_docs(app, lambda: document)
    return app


@pytest.fixture(scope="module")
def client(small_document) -> TestClient:
    return TestClient(_app(small_document))


def test_serves_the_document(client, small_document):
    response = client.get("/api/v2.0/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == small_document


def test_serves_a_new_document_when_the_source_changes(small_document):
    documents = [small_document]
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    mount_docs(app, lambda: documents[-1])
    client = TestClient(app)
    assert client.get("/api/v2.0/openapi.json").json()["info"]["version"] == "0.0.0-test"
    documents.append({**small_document, "info": {**small_document["info"], "version": "2"}})
    assert client.get("/api/v2.0/openapi.json").json()["info"]["version"] == "2"


def test_docs_page_is_swagger_ui(client):
    response = client.get("/api/v2.0/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "swagger-ui-bundle.js" in page and "swagger-init.js" in page
    assert "SwaggerUIBundle" in client.get("/api/v2.0/docs/swagger-init.js").text
    # The Authorize dialog takes the authentication key: it is not persisted in localStorage.
    assert '"persistAuthorization": false' in page
    assert '"showMutatedRequest": true' in page
    assert '"validatorUrl": null' in page
    assert "<title>Paystead (wallee REST API v2.0) - documentation</title>" in page


def test_docs_page_loads_nothing_from_elsewhere(client):
    page = client.get("/api/v2.0/docs").text
    assert not re.search(r"https?://", page)
    links = _LINK.findall(page)
    assert links, "the page references its assets"
    for link in links:
        assert link.startswith("/api/v2.0/docs/"), link
        assert not link.startswith("//")


def test_docs_page_assets_are_served(client):
    page = client.get("/api/v2.0/docs").text
    links = _LINK.findall(page)
    assert any(link.endswith(".js") for link in links)
    assert any(link.endswith(".css") for link in links)
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.content, link


def test_swagger_ui_reads_a_30_rendition_of_the_document(client, small_document):
    page = client.get("/api/v2.0/docs").text
    (url,) = _UI_DOCUMENT_URL.findall(page)
    assert url.startswith("/api/v2.0/docs/")
    response = client.get(url)
    assert response.status_code == 200
    rendition = response.json()
    assert rendition["openapi"].startswith("3.0.")
    assert rendition["paths"].keys() == small_document["paths"].keys()


def test_docs_page_links_and_explains_both_documents(client, small_document):
    page = client.get("/api/v2.0/docs").text
    assert _ANCHOR.findall(page) == ["/api/v2.0/openapi.json", "/api/v2.0/docs/openapi-3.0.json"]
    assert "OpenAPI 3.1" in page and "OpenAPI 3.0" in page
    assert client.get("/api/v2.0/openapi.json").json()["openapi"] == "3.1.0"
    assert client.get("/api/v2.0/docs/openapi-3.0.json").json()["openapi"].startswith("3.0.")
    # How "Try it out" is authorized, and that the key stays in the browser.
    text = " ".join(page.split())
    assert "the application user id as Username and its authentication key as Password" in text
    assert "the key is never sent" in text


def test_urls_follow_the_root_path(small_document):
    client = TestClient(_app(small_document), root_path="/pay")
    page = client.get("/api/v2.0/docs").text
    assert all(link.startswith("/pay/api/v2.0/docs/") for link in _LINK.findall(page))
    assert all(link.startswith("/pay/api/v2.0/") for link in _ANCHOR.findall(page))
    assert _UI_DOCUMENT_URL.findall(page)[0].startswith("/pay/api/v2.0/docs/")


def test_routes_need_no_authentication(client):
    for path in ("/api/v2.0/openapi.json", "/api/v2.0/docs"):
        assert client.get(path, headers={}).status_code == 200
