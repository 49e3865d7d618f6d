"""The site-wide scope sweep: every URL pattern and every API route, found by walking the URL tree.

With records of every scoped model in province A (Cần Thơ, VN-92) and nowhere else that province B (Hà Nội,
VN-01) may read:
- every detail URL that shows an A record to A's approver answers 404 to an officer of B, with none of A's
  data in the body, and a POST there changes nothing;
- a viewer of A gets 403 on a POST to every route (list or detail, page or API).
New routes are swept without being added to any list; a route with a parameter name the sweep cannot fill
makes the test fail, naming it (teach `PARAM_VALUES` a value).
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
SKIP = ("quan-tri/", "i18n/", "tai-khoan/dang-xuat/", "tai-khoan/dang-nhap/", "tai-khoan/doi-mat-khau/",
        "don-thu/tra-cuu/", "api/schema/", "api/docs/",
        # Wagtail's editor: its pages, images and documents are guarded by Wagtail's own permissions, which
        # danvan/portal/editors.py derives from memberships (tested in danvan/portal/tests).
        "bien-tap/")


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


def _swept_routes():
    for route, callback in _routes():
        if route.startswith(SKIP) or "(?P<format>" in route or "<drf_format_suffix:" in route:
            continue
        if not getattr(callback, "login_required", True) and not route.startswith("api/v1/"):
            continue
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
