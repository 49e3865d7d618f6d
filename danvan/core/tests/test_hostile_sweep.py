"""The hostile-input sweep: every form and every API write of the site gets hostile input; nothing answers 5xx
and nothing is stored unnormalised.

Generated, not listed: the routes come from the URL tree of the scope sweep (test_scope_sweep.py) — pages
without parameters, every live detail URL of province A, and the write-only actions — and each page's
POST forms are read from its HTML (field names and types; file fields get hostile files). API writes come
from the committed OpenAPI schema (docs/openapi.yaml): every POST/PUT/PATCH with a body built from its schema.
The values: SQL/HTML/JS injection, decomposed (NFD) and odd Unicode, huge and negative numbers, years 0 and
9999, path traversal file names, fake and malformed CSV/XLSX. Afterwards every text column of every table
is NFC and NUL-free.

`make test` runs the fast form: one POST per form with injection and NFD text together, numbers, years and files
in turn. `HOSTILE_SWEEP=full` (make hostile-full) sends every value set to every form and API write, adds NUL
bytes, blanks, 2³¹, a zip bomb and wrong content types (docs/SECURITY.md).
"""

from __future__ import annotations

import io
import json
import os
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import Resolver404, resolve

from danvan.core.tests import test_scope_sweep as sweep
from danvan.core.tests.test_scope_sweep import INT_PARAMS, PARAM_VALUES, _fill, _live_urls, _params, _swept_routes

province_a = sweep.province_a  # the scope sweep's data set: the demo, with files, in province A

pytestmark = pytest.mark.django_db

FULL = os.environ.get("HOSTILE_SWEEP") == "full"
NFD = unicodedata.normalize("NFD", "Phường Ninh Kiều, Đảng ủy xã Ông Đình")
SKIP_ACTIONS = ("/i18n/", "/tai-khoan/dang-xuat/", "/quan-tri/", "/bien-tap/")
KEEP = {"csrfmiddlewaretoken", "confirm_message", "confirm_label", "confirm_when"}

INJECTION = ("'; DROP TABLE orgunits_orgunit; -- <script>alert(1)</script>\"><img src=x onerror=alert(1)>"
             " {{7*7}} ${7*7} ../../../etc/passwd =cmd|' /C calc'!A0")


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 20_000_000)
    return buffer.getvalue()


HOSTILE_TEXT = INJECTION + " " + NFD + " \u202e\u200b\ufeff 𝔘𝔫𝔦"
# The fast sweep: one POST per form, injection and decomposed text together, numbers, years and files in turn.
FAST_SETS = [
    {"name": "hostile-a", "text": HOSTILE_TEXT, "number": "-99999999999999999999999", "date": "01/01/0000",
     "file": ("../../../etc/passwd.csv", b"unit,period,indicator,value\n'; DROP TABLE x;--,<script>,=1+1,-1e30\n")},
    {"name": "hostile-b", "text": HOSTILE_TEXT, "number": "1e30", "date": "31/12/9999",
     "file": ("..\\..\\" + NFD + ".xlsx", b"PK\x03\x04 this is no zip at all")},
]
# The full sweep (HOSTILE_SWEEP=full) adds each kind on its own and more malformed files.
FULL_SETS = [
    {"name": "injection", "text": INJECTION, "number": "-1", "date": "0000-01-01",
     "file": ("nhap.xlsx", b"%PDF-1.4 a pdf named like a spreadsheet")},
    {"name": "unicode", "text": NFD + " " + "x" * 3000, "number": "2147483648", "date": "9999-12-31",
     "file": (NFD + ".csv", b"\xff\xfeu\x00n\x00i\x00t\x00\n\x00\x00")},
    {"name": "blank", "text": "   ", "number": "0", "date": "00/00/0000", "file": ("rong.csv", b"")},
    {"name": "nul", "text": "a\x00b", "number": "1\x00", "date": "2025-01-01\x00",
     "file": ("nul.csv", b"unit\x00,period\nVN-92\x00,2025\n")},
    {"name": "zip-bomb", "text": "9" * 400, "number": "1" * 20, "date": "29/02/2025", "file": ("bom.xlsx", None)},
]
VALUE_SETS = FAST_SETS + (FULL_SETS if FULL else [])


class _Forms(HTMLParser):
    """POST forms of a page: action and fields (name, kind, first option)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "post": (a.get("method") or "").lower() == "post",
                          "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form["fields"].setdefault(a["name"], (kind, a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].setdefault(a["name"], ("text", ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], ("select", None))
        elif tag == "option" and self._select:
            kind, first = self._form["fields"][self._select]
            if first is None and a.get("value"):
                self._form["fields"][self._select] = (kind, a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _hostile_post(fields: dict, values: dict) -> dict:
    data = {}
    for name, (kind, original) in fields.items():
        if name in KEEP:
            data[name] = original
        elif name == "confirmed":
            data[name] = "1"
        elif kind == "file":
            file_name, content = values["file"]
            data[name] = SimpleUploadedFile(file_name, _zip_bomb() if content is None else content,
                                            content_type="text/csv")
        elif kind in ("number", "range"):
            data[name] = values["number"]
        elif kind == "date" or any(w in name for w in ("ngay", "date", "_on", "tu_ngay", "den_ngay")):
            data[name] = values["date"]
        elif kind in ("checkbox", "radio"):
            data[name] = original or "on"
        elif kind == "select":
            data[name] = INJECTION if values["name"] in ("hostile-a", "injection") else (original or values["text"])
        elif any(w in name for w in ("year", "nam", "so_", "amount", "version", "value", "count", "number")) \
                or name.startswith("v_"):
            data[name] = values["number"]
        else:
            data[name] = values["text"]
    return data


def _targets(client, province_a) -> tuple[list[str], list[str]]:
    """Pages to read forms from (routes without parameters, live detail URLs, other routes filled) and the
    write-only actions (405 on GET), filled like the scope sweep fills them."""
    live, write_only, _dead, group_ids = _live_urls(client, province_a)
    pages = list(live)
    for route, _callback in _swept_routes():
        names = _params(route)
        if route.startswith("api/") or any(n in INT_PARAMS or n in ("key", "unit_key") for n in names):
            continue
        pages.append(_fill(route, {n: PARAM_VALUES.get(n, ["x"])[0] for n in names}))
    actions = []
    for route, group in write_only:
        names = _params(route)
        actions.append(_fill(route, {n: (group_ids.get(group) or province_a["ids"][0]) if n in INT_PARAMS
                                     else PARAM_VALUES.get(n, ["x"])[0] for n in names}))
    return pages, actions


def _route_of(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return match.route or path


def _sets_for(index: int) -> list[dict]:
    """Every value set in the full sweep; one POST per form in the fast one (the two hostile sets in turn)."""
    return VALUE_SETS if FULL else [FAST_SETS[index % len(FAST_SETS)]]


def _check(response, what: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        error = response.exc_info[1] if getattr(response, "exc_info", None) else None
        failures.append(f"{what}: {response.status_code} {error!r}")


def test_every_form_survives_hostile_input(client, province_a):
    client.raise_request_exception = False  # a 5xx is collected with the others, not raised
    client.force_login(province_a["approver"])
    failures: list[str] = []
    posted: set[tuple[str, str]] = set()
    forms_seen = 0
    pages, actions = _targets(client, province_a)
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode(errors="replace"))
        for form in parser.forms:
            action = urljoin(page, form["action"]) if form["action"] else page
            if not form["post"] or not action.startswith("/") or action.startswith(SKIP_ACTIONS):
                continue
            route = _route_of(action)
            if route in posted:
                continue
            posted.add(route)
            for values in _sets_for(len(posted)):
                forms_seen += 1
                _check(client.post(action, _hostile_post(form["fields"], values)), f"{action} [{values['name']}]",
                       failures)
                if FULL:
                    _check(client.post(action, data=json.dumps({"x": INJECTION}), content_type="application/json"),
                           f"{action} [json body]", failures)
    generic = dict.fromkeys(("note", "reason", "ly_do", "ghi_chu", "comment", "text", "name"), ("text", ""))
    generic.update({"version": ("hidden", ""), "value": ("number", ""), "on_behalf": ("checkbox", "")})
    for index, url in enumerate(actions):
        for values in _sets_for(index):
            _check(client.post(url, _hostile_post(generic, values)), f"{url} [{values['name']}]", failures)
    assert not failures, "\n".join(failures)
    assert len(posted) > 50 and len(actions) > 30, (len(posted), len(actions))  # it reached the site's forms
    _assert_stored_text_is_clean()


def _schema_body(schema: dict, components: dict, values: dict, depth: int = 0) -> object:
    if "$ref" in schema:
        return _schema_body(components[schema["$ref"].rsplit("/", 1)[1]], components, values, depth)
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            return _schema_body(schema[combinator][0], components, values, depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        return {name: _schema_body(prop, components, values, depth + 1)
                for name, prop in schema.get("properties", {}).items() if not prop.get("readOnly")}
    if kind == "array":
        return [_schema_body(schema.get("items", {}), components, values, depth + 1)]
    if kind == "integer":
        return int(values["number"]) if values["number"].lstrip("-").isdigit() else values["number"]
    if kind == "number":
        return values["number"]
    if kind == "boolean":
        return values["text"][:20]
    if schema.get("format") in ("date", "date-time"):
        return values["date"]
    if "enum" in schema:
        return INJECTION if values["name"] in ("hostile-a", "injection") else schema["enum"][0]
    return values["text"]


def _fill_api_path(client, path: str, ids: list[str]) -> str:
    if "{id}" in path:
        collection = path.split("{id}")[0]
        listing = client.get(collection)
        found = None
        if listing.status_code == 200 and listing.get("Content-Type", "").startswith("application/json"):
            body = listing.json()
            results = body.get("results", body) if isinstance(body, dict) else body
            if isinstance(results, list) and results and isinstance(results[0], dict):
                found = results[0].get("id")
        path = path.replace("{id}", str(found or ids[0]))
    for name in ("key", "unit_key"):
        path = path.replace(f"{{{name}}}", "VN-92")
    for name, choices in PARAM_VALUES.items():
        path = path.replace(f"{{{name}}}", choices[0])
    return path


def test_every_api_write_survives_hostile_input(client, province_a):
    schema = yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    components = schema["components"]["schemas"]
    client.raise_request_exception = False
    client.force_login(province_a["approver"])
    failures: list[str] = []
    operations = 0
    for template, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("post", "put", "patch"):
                continue
            path = _fill_api_path(client, template, province_a["ids"])
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = (content.get("application/json") or content.get("multipart/form-data") or {}).get(
                "schema", {})
            for values in VALUE_SETS:
                body = _schema_body(body_schema, components, values) if body_schema else {"x": values["text"]}
                send = getattr(client, method)
                if "multipart/form-data" in content and "application/json" not in content:
                    file_name, data = values["file"]
                    upload = SimpleUploadedFile(file_name, _zip_bomb() if data is None else data)
                    response = client.post(path, {"file": upload})
                else:
                    response = send(path, data=json.dumps(body), content_type="application/json")
                operations += 1
                _check(response, f"{method.upper()} {path} [{values['name']}]", failures)
                if response.status_code == 500 or response.status_code >= 400 and not response.get(
                        "Content-Type", "").startswith("application/json"):
                    failures.append(f"{method.upper()} {path} [{values['name']}]: not the API error shape")
            if FULL:
                response = getattr(client, method)(path, data="unit=1", content_type="text/plain")
                _check(response, f"{method.upper()} {path} [text/plain]", failures)
    assert not failures, "\n".join(failures)
    assert operations >= 60 * len(VALUE_SETS), operations
    _assert_stored_text_is_clean()


def _assert_stored_text_is_clean() -> None:
    """No text column of any table holds decomposed Unicode or a NUL byte."""
    bad = []
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "contenttypes", "auth") or not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and f.name != "password"]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields).iterator(chunk_size=2000):
            for name, value in zip(fields, row[1:], strict=True):
                if isinstance(value, str) and ("\x00" in value or not unicodedata.is_normalized("NFC", value)):
                    bad.append(f"{model._meta.label}#{row[0]}.{name}: {value[:60]!r}")
    assert not bad, "\n".join(bad[:50])
