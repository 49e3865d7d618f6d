"""The site-wide scope sweep: every URL pattern and every API route, found by walking the URL tree.

With records of every scoped model in province A (Cần Thơ, VN-92) and nowhere else that province B (Hà Nội,
VN-01) may read:
- every detail URL that shows an A record to A's approver answers 404 to an officer of B, with none of A's
  data in the body, and a POST there changes nothing;
- a viewer of A gets 403 on a POST to every route (list or detail, page or API).
The Wagtail editor (/bien-tap/) and the Django admin (/quan-tri/) have sweeps of their own (below): officials
without a portal role are sent to sign-in, another province's editor and approver never see a section's draft,
and no POST there changes anything; non-superusers are sent to sign-in by the admin.
New routes are swept without being added to any list; a route with a parameter name the sweep cannot fill
makes the test fail, naming it (teach `PARAM_VALUES` or `EDITOR_VALUES` a value). Routes outside the sweeps are
listed in `NOT_SWEPT` with their reason; a public route that is not listed fails the test.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from danvan.core.api import ScopedViewSetMixin

pytestmark = pytest.mark.django_db

A, B = "VN-92", "VN-01"
A_NAMES = ("Cần Thơ", "Ninh Kiều")  # text that would betray an A record on a page of B's

# Values for named URL parameters other than object ids. Unit keys are A's.
PARAM_VALUES = {
    "key": [A], "unit_key": [A, "COMMUNE"], "year": ["2025", "2024"], "period": ["2025", "2024"],
    "fmt": ["csv", "xlsx", "docx"], "format": ["json"], "section": ["situation"], "form_code": ["tong-ket-nam"],
    "action": ["nop"], "step": ["thu-ly", "khoi-cong"], "code": ["x"], "chart_id": ["xep-hang"],
    "decision": ["xac-nhan", "tu-choi"],
}
INT_PARAMS = {"pk", "attachment_id", "target_pk", "entry_pk", "house_pk", "photo_pk"}
DETAIL_PARAMS = INT_PARAMS | {"key", "unit_key"}  # a route with one of these shows one record (or one unit's)
# Routes outside the site sweeps below, each with its reason. Every other route is swept: the site's pages and
# API by the province and viewer sweeps, Wagtail's editor (/bien-tap/) and Django's admin (/quan-tri/) by their
# own sweeps. A new route that is public (login_not_required, outside /api/v1/ where DRF authenticates) and not
# listed here fails test_every_route_is_swept_or_listed; so does an entry here whose route is gone.
PORTAL_PUBLIC = "public portal page for readers, no sign-in (danvan/portal/tests/test_public_access.py)"
NOT_SWEPT = {
    "": "the portal for readers; a signed-in user's own home (danvan/dashboards/tests/test_home.py)",
    "tai-khoan/dang-nhap/": "the sign-in page (rate-limited; danvan/accounts/tests)",
    "tai-khoan/dang-xuat/": "signs the user out; no record",
    "tai-khoan/doi-mat-khau/": "the signed-in user's own password; no record of anyone else",
    "don-thu/tra-cuu/": "public lookup of a petition by its tracking code (danvan/petitions/tests/test_privacy.py)",
    "api/schema/": "the OpenAPI schema (public, no data)",
    "api/docs/": "the API docs page (public, no data)",
    "i18n/setlang/": "switches the language; no data",
    "bien-tap/logout/": "signs the user out (Wagtail's button); no record",
    "quan-tri/login/": "sends to danvan's sign-in page (admin.site.login)",
    "quan-tri/logout/": "signs the user out; no record",
    "cong-thong-tin/": PORTAL_PUBLIC, "phan-hoi/<int:page_id>/": PORTAL_PUBLIC,
    "phan-hoi/<int:page_id>/da-gui/": PORTAL_PUBLIC, "vinh-danh/": PORTAL_PUBLIC, "vinh-danh/<int:pk>/": PORTAL_PUBLIC,
    "tim-kiem/": PORTAL_PUBLIC, "rss/": PORTAL_PUBLIC, "rss/<slug:slug>/": PORTAL_PUBLIC, "atom/": PORTAL_PUBLIC,
    "atom/<slug:slug>/": PORTAL_PUBLIC, "sitemap.xml": PORTAL_PUBLIC, "robots.txt": PORTAL_PUBLIC,
    "anh/<path:path>": "image renditions of published articles (public)",
    r"^tai-lieu/(\d+)/(.*)$": "documents linked from published articles (public)",
    "wagtail_serve": "the portal's pages (Wagtail's serve view, after every application prefix): " + PORTAL_PUBLIC,
}
EDITOR, ADMIN = "bien-tap/", "quan-tri/"
# Wagtail's static editor assets: the same bytes for everyone, no data.
EDITOR_ASSETS = {"bien-tap/sprite/", "bien-tap/jsi18n/"}
# Wagtail 7.4 answers 500 to a POST here without the `url` field (URLOrAbsolutePathField calls
# None.startswith); its own chooser form always sends the field, and no record is involved (upstream bug).
EDITOR_POST_BODY = {"bien-tap/choose-external-link/": {"external-link-chooser-url": ""}}


def _routes(resolver=None, prefix=""):
    """(route text, callback) for every URL pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _params(route: str) -> list[str]:
    return [m.group(2) or m.group(3) for m in PARAM.finditer(route)]


def _fill(route: str, values: dict[str, str]) -> str:
    path = PARAM.sub(lambda m: values[m.group(2) or m.group(3)], route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\Z", "")


def _sweep_of(route: str, callback) -> str | None:
    """Which sweep covers a route: "site", "editor", "admin", "listed" (NOT_SWEPT), "suffix" (DRF's format-suffix
    twin of a swept API route: the same view), or None (not covered: a new public route nobody listed)."""
    from danvan.portal.views.public import serve_page

    if route in NOT_SWEPT or (callback is serve_page and "wagtail_serve" in NOT_SWEPT):
        return "listed"
    if route.startswith(EDITOR):
        return "editor"
    if route.startswith(ADMIN):
        return "admin"
    if "(?P<format>" in route or "<drf_format_suffix:" in route:
        return "suffix"
    if not getattr(callback, "login_required", True) and not route.startswith("api/v1/"):
        return None  # public: must be listed (the API is exempt from the login middleware, DRF authenticates it)
    return "site"


def _swept_routes():
    for route, callback in _routes():
        if _sweep_of(route, callback) == "site":
            yield route, callback


def _model_of(callback):
    cls = getattr(callback, "cls", None)
    queryset = getattr(cls, "queryset", None)
    return queryset.model if queryset is not None else None


def _is_reference_data(callback) -> bool:
    """API routes over unscoped reference data (kinds, award forms, indicators, deadline rules, report forms)."""
    model = _model_of(callback)
    return model is not None and not hasattr(model, "SCOPE_UNIT_FIELD")


@pytest.fixture
def province_a(make_user, unit):
    """The demo data set, with the documents registered above A moved into A: documents of higher units are
    read by every unit below by design, so after the move every scoped record is A's or invisible to B."""
    from danvan.activities.models import Document
    from danvan.core.demo import demo_commune, load_all
    from danvan.orgunits.models import OrgUnit

    load_all()
    province = unit(A)
    Document.objects.exclude(unit__path__startswith=province.path).update(unit=province)
    _add_files(province)
    PARAM_VALUES["unit_key"][1] = demo_commune().key
    candidates = set()
    for model in apps.get_models():
        field = getattr(model, "SCOPE_UNIT_FIELD", None)
        if field:
            inside = model.objects.filter(**{f"{field}__current_path__startswith": province.path}) | \
                model.objects.filter(**{f"{field}__path__startswith": province.path})
            candidates.update(inside.order_by("pk").values_list("pk", flat=True)[:3])
    assert not OrgUnit.objects.filter(key=B, path__startswith=province.path).exists()
    people = {"approver": make_user(A, "approver"), "viewer": make_user(A, "viewer"),
              "other": make_user(B, "officer")}
    candidates.update(user.pk for user in people.values() if user is not people["other"])  # account pages
    return {"ids": [str(pk) for pk in sorted(candidates)], **people}


PDF = b"%PDF-1.4 sweep"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _add_files(province) -> None:
    """The demo carries no uploaded files; give one A record of each kind a file so download routes are swept."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.accounts.models import User
    from danvan.activities import services as activities
    from danvan.activities.models import Activity, Document
    from danvan.campaigns import services as campaigns
    from danvan.campaigns.models import House
    from danvan.petitions import services as petitions
    from danvan.petitions.models import Case
    from danvan.registry.attachments import add_attachment
    from danvan.registry.models import DvkModel

    root = User.objects.get(username="admin")
    inside = {"unit__path__startswith": province.path}

    def pdf():
        return SimpleUploadedFile("tep.pdf", PDF)

    activities.attachment_add(actor=root, activity=Activity.objects.filter(**inside).order_by("pk").first(),
                              upload=pdf())
    activities.document_update(actor=root, document=Document.objects.filter(**inside).order_by("pk").first(),
                               expected_version=None, upload=pdf())
    campaigns.photo_add(actor=root, house=House.objects.filter(**inside).order_by("pk").first(),
                        upload=SimpleUploadedFile("nha.png", PNG))
    petitions.document_add(actor=root, case=Case.objects.filter(**inside).exclude(kind="to_cao").order_by("pk").first(),
                           upload=pdf())
    add_attachment(actor=root, model=DvkModel.objects.filter(**inside).order_by("pk").first(), uploaded=pdf())


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if hasattr(m, "SCOPE_UNIT_FIELD")}


def _live_urls(client, province_a):
    """Every route with parameters, filled so that A's approver gets 200 (GET) — the detail URLs of A records.
    Sibling routes (same prefix up to the first parameter) reuse the id that made the first one live."""
    group_ids: dict[str, str] = {}
    live, write_only, dead = [], [], []
    routes = sorted(((r, c) for r, c in _swept_routes() if set(_params(r)) & DETAIL_PARAMS), key=lambda rc: len(rc[0]))
    for route, callback in routes:
        if _is_reference_data(callback):
            continue
        names = _params(route)
        unknown = [n for n in names if n not in INT_PARAMS and n not in PARAM_VALUES]
        assert not unknown, f"{route}: teach the sweep a value for {unknown}"
        group = PARAM.split(route)[0] + (names[0] if names else "")
        choices = []
        for name in names:
            if name in INT_PARAMS:
                ids = province_a["ids"]
                first = group_ids.get(group)
                choices.append(([first] if first else []) + [i for i in ids if i != first])
            else:
                choices.append(PARAM_VALUES[name])
        found = None
        # Ids of every scoped model are tried in order; with ~20 apps a record can sit past the 40th (PostgreSQL).
        for combo in itertools.islice(itertools.product(*choices), 400):
            url = _fill(route, dict(zip(names, combo, strict=True)))
            status = client.get(url).status_code
            if status == 405:
                write_only.append((route, group))
                break
            if status == 200:
                found = url
                if names[0] in INT_PARAMS:
                    group_ids.setdefault(group, combo[0])
                break
        else:
            dead.append(route)
        if found:
            live.append(found)
    return live, write_only, dead, group_ids


def test_every_detail_url_of_province_a_is_404_to_province_b(client, province_a):
    client.force_login(province_a["approver"])
    live, write_only, dead, group_ids = _live_urls(client, province_a)
    assert not dead and len(live) > 45, (len(live), "\n".join(dead))
    client.force_login(province_a["other"])
    before = _counts()
    for url in live:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        body = response.content.decode(errors="replace")
        assert not any(name in body for name in A_NAMES), url
        assert client.post(url, {}).status_code in (403, 404, 405), url
    for route, group in write_only:
        names = _params(route)
        values = {n: (group_ids.get(group) or province_a["ids"][0]) if n in INT_PARAMS else PARAM_VALUES[n][0]
                  for n in names}
        url = _fill(route, values)
        assert client.post(url, {}).status_code in (403, 404, 405), url
    assert _counts() == before


def test_a_viewer_gets_403_on_every_write(client, province_a):
    client.force_login(province_a["viewer"])
    before = _counts()
    swept = 0
    for route, callback in _swept_routes():
        if getattr(callback, "readers_may_post", False):
            continue
        names = _params(route)
        values = {n: province_a["ids"][0] if n in INT_PARAMS else PARAM_VALUES.get(n, ["x"])[0] for n in names}
        url = _fill(route, values)
        response = client.post(url, {})
        assert response.status_code in (403, 405), (url, response.status_code)
        swept += 1
    assert swept > 120
    assert _counts() == before


def test_every_api_viewset_on_a_scoped_model_uses_the_scoped_base():
    """By construction: a viewset over a scoped model derives from ScopedViewSetMixin and does not replace its
    get_queryset (filters go in get_base_queryset, scoping is always added on top)."""
    checked = 0
    for route, callback in _routes():
        cls = getattr(callback, "cls", None)
        model = _model_of(callback)
        if cls is None or model is None or not hasattr(model, "SCOPE_UNIT_FIELD"):
            continue
        assert issubclass(cls, ScopedViewSetMixin), f"{route}: {cls.__name__} must derive from the scoped base"
        assert cls.get_queryset is ScopedViewSetMixin.get_queryset, f"{cls.__name__} overrides get_queryset"
        checked += 1
    assert checked >= 30


def test_every_route_is_swept_or_listed():
    """A route is swept (site, editor or admin sweep, or the format-suffix twin of a swept API route) or listed in
    NOT_SWEPT with its reason; the list holds no route that is gone."""
    routes = list(_routes())
    unlisted = [route for route, callback in routes if _sweep_of(route, callback) is None]
    assert not unlisted, "public routes neither swept nor listed in NOT_SWEPT:\n" + "\n".join(unlisted)
    present = {route for route, _ in routes} | {"wagtail_serve"}
    assert not set(NOT_SWEPT) - present, set(NOT_SWEPT) - present
    kinds = [_sweep_of(route, callback) for route, callback in routes]
    assert kinds.count("editor") > 150 and kinds.count("admin") > 60 and kinds.count("site") > 300
