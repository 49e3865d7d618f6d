"""Site-wide guarantees: every page needs a login except the public ones, no asset comes from a CDN,
security headers are set, and the API schema builds."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages anyone may open: the login page, the language switch, the public petition lookup, and the public
# portal (issue 17: its home at "/", articles, feedback form, honour roll, search, feeds, sitemap, robots).
PUBLIC_PREFIXES = ("/tai-khoan/dang-nhap/", "/i18n/", "/don-thu/tra-cuu/", "/phan-hoi/", "/vinh-danh/", "/tim-kiem/",
                   "/rss/", "/atom/", "/anh/", "/tai-lieu/", "/sitemap.xml", "/robots.txt",
                   "/bien-tap/jsi18n/", "/bien-tap/sprite/")  # the editor's JS translations and icons
PUBLIC_PATHS = ("/", "/cong-thong-tin/")


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
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES) or path.startswith("/static/"):
            continue
        response = client.get(path)
        assert response.status_code in (302, 401, 403, 404, 405), path
        if response.status_code == 302:
            final = client.get(path, follow=True).redirect_chain[-1][0]
            assert final.startswith("/tai-khoan/dang-nhap/"), path


def _public_views(resolver=None, prefix=""):
    """(path, view) of every route marked @login_not_required, walking the whole URL tree."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _public_views(entry, prefix + str(entry.pattern))
        elif not getattr(entry.callback, "login_required", True):
            yield "/" + prefix + str(entry.pattern), entry.callback


def test_login_is_required_by_middleware_and_public_views_are_deliberate(settings):
    """LoginRequiredMiddleware guards every view; the only exceptions are the public pages listed here and the
    API (which answers 401/403 itself). Marking a new view public means adding it to PUBLIC_PREFIXES."""
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE
    from danvan.portal.views.public import serve_page

    # The portal's page serving (Wagtail) is public by design: the catch-all route after every app prefix.
    public = sorted(path.replace("/^", "/", 1) for path, view in _public_views() if view is not serve_page)
    assert any(view is serve_page for _path, view in _public_views())
    assert any(path.startswith("/tai-khoan/dang-nhap/") for path in public)
    assert any(path.startswith("/don-thu/tra-cuu/") for path in public)
    for path in public:
        # Wagtail's admin API is DRF (public to the middleware) but wrapped in Wagtail's own admin-access check.
        assert path in PUBLIC_PATHS or path.startswith(
            (*PUBLIC_PREFIXES, "/api/", "^api/", "/quan-tri/", "/bien-tap/api/", "/bien-tap/login/")), path


def test_the_editors_api_is_closed_to_anonymous_readers(client):
    response = client.get("/bien-tap/api/main/pages/")
    assert response.status_code in (302, 401, 403)


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
    assert client.get("/api/schema/").status_code == 401
    response = client_for(make_user("VN", "viewer")).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/units/" in response.json()["paths"]


NONSENSE_QUERY = {
    "page": "abc", "nam": "20x3", "year": "-1", "unit": "KHONG-CO", "don_vi": "KHONG-CO", "period": "2023X9",
    "ky": "2023Q9", "boundaries": "moon", "dia_gioi": "moon", "by": "colour", "q": "%' OR 1=1 --",
    "ngay": "31/02/2024", "tu": "x", "den": "y", "format": "pdf", "sap_xep": "-drop",
}


# Out-of-range numbers: years past 9999 or before 1, 20-digit and exponent numbers (issue 13, finding 7).
OUT_OF_RANGE_QUERIES = [
    {"page": "99999999999999999999", "nam": "10000", "year": "10000", "ky": "10000", "period": "10000",
     "so_tien": "1e30", "amount": "1e30", "tu": "01/01/0000", "den": "31/12/99999"},
    {"page": "-1", "nam": "-1", "year": "0", "ky": "-1", "period": "0", "so_tien": "-1e30",
     "id": "99999999999999999999", "limit": "99999999999999999999", "offset": "-5"},
    {"nam": "99999999999999999999", "year": "2147483648", "page": "1e3"},
]


def _paths_with(value_for_str: str, value_for_int: str):
    for path in _concrete_paths():
        yield path.replace("VN-92", value_for_str).replace("/1/", f"/{value_for_int}/")


def test_nonsense_in_urls_and_queries_never_gives_a_server_error(client_for, make_user):
    """Unknown units, periods and ids answer 4xx (or a page with a message), never a 500."""
    client = client_for(make_user(None, superuser=True))
    client.raise_request_exception = False
    paths = {*_paths_with("KHONG-CO", "999999"), *_paths_with("2023X9", "0"), *_paths_with("VN-92", "999999")}
    assert len(paths) > 100
    for path in sorted(paths):
        if path.startswith(("/tai-khoan/dang-xuat", "/i18n/")):
            continue
        for query in ({}, NONSENSE_QUERY, *OUT_OF_RANGE_QUERIES):
            response = client.get(path, query)
            assert response.status_code < 500, (path, query, response.status_code)


def test_deploy_check_warns_when_the_secret_key_is_machine_generated(settings):
    from danvan.core.checks import secret_key_from_environment

    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    assert [w.id for w in secret_key_from_environment(None)] == ["danvan.W001"]
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    assert secret_key_from_environment(None) == []
