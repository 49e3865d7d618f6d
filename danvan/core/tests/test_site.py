"""Site-wide guarantees: every page needs a login except the public ones, no asset comes from a CDN,
security headers are set, and the API schema builds."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages anyone may open: the login page, the language switch, and the public petition lookup.
PUBLIC_PREFIXES = ("/tai-khoan/dang-nhap/", "/i18n/", "/don-thu/tra-cuu/")


def _concrete_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _concrete_paths(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            path = prefix + pattern
            path = re.sub(r"<int:[^>]+>", "1", path)
            path = re.sub(r"<[^>]+>", "VN-92", path)
            path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
            if "(" in path or "[" in path or "?" in path:
                continue  # regex routes (format suffixes) are covered by their plain twins
            yield "/" + path


def test_every_page_requires_login_except_public_ones(client):
    paths = sorted(set(_concrete_paths()))
    assert len(paths) > 10
    for path in paths:
        if path.startswith(PUBLIC_PREFIXES) or path.startswith("/static/"):
            continue
        response = client.get(path)
        assert response.status_code in (302, 401, 403, 404, 405), path
        if response.status_code == 302:
            final = client.get(path, follow=True).redirect_chain[-1][0]
            assert final.startswith("/tai-khoan/dang-nhap/"), path


def test_no_page_references_an_external_asset(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    for path in ("/", "/don-vi/", "/don-vi/VN-92/", "/api/docs/"):
        html = client.get(path).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/quan-tri/login/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_security_headers(client):
    response = client.get("/tai-khoan/dang-nhap/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_api_schema_builds_for_logged_in_users(client_for, make_user, client):
    assert client.get("/api/schema/").status_code == 403
    response = client_for(make_user("VN", "viewer")).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/units/" in response.json()["paths"]
