"""The annual report's figures and register counts are cached until any figure or record changes (issue 16)."""

import datetime

import pytest

from danvan.annual import selectors
from danvan.petitions.models import Hotspot

pytestmark = pytest.mark.django_db


def test_the_payload_is_read_from_the_cache_until_a_record_changes(caching, unit, django_assert_max_num_queries,
                                                                   django_assert_num_queries):
    hau_giang = unit("VN-93")
    first = selectors.build_payload(unit=hau_giang, year=2023)
    assert not first["registers"]["hotspots"].get("total")
    with django_assert_max_num_queries(12) as counted:  # names, texts and the document: no register or figure
        again = selectors.build_payload(unit=hau_giang, year=2023)
    assert not any("petitions_hotspot" in query["sql"] for query in counted.captured_queries)
    assert again["registers"] == first["registers"]
    Hotspot.objects.create(unit=unit("VN-93-930"), title="Tranh chấp đất", kind="dong_nguoi", risk_level=2,
                           flagged_on=datetime.date(2023, 5, 1))
    changed = selectors.build_payload(unit=hau_giang, year=2023)
    assert changed["registers"]["hotspots"]["total"] == 1 and changed["registers"]["hotspots"]["mass"] == 1


def test_a_document_is_rendered_once_per_payload(caching, unit, monkeypatch):
    from danvan.annual import exports

    rendered = []
    real = exports.render_docx
    monkeypatch.setattr(exports, "render_docx", lambda payload: rendered.append(1) or real(payload))
    monkeypatch.setattr(exports, "run_apart", lambda work: work())  # counted here, not in a child process
    payload = selectors.build_payload(unit=unit("VN-93"), year=2023)
    first = exports.document_bytes(payload, "docx")
    assert exports.document_bytes(selectors.build_payload(unit=unit("VN-93"), year=2023), "docx") == first
    assert len(rendered) == 1
    payload["document"]["place"] = "Vị Thanh"  # any change of what the document shows is a new document
    exports.document_bytes(payload, "docx")
    assert len(rendered) == 2


def test_a_document_is_built_in_a_child_process(caching, unit, monkeypatch):
    """python-docx, openpyxl and the document's memory stay out of the worker (issue 16: worker memory)."""
    from danvan.annual import exports

    children = []
    real = exports.run_apart
    monkeypatch.setattr(exports, "run_apart", lambda work: children.append(1) or real(work))
    payload = selectors.build_payload(unit=unit("VN-93"), year=2023)
    docx, xlsx = exports.document_bytes(payload, "docx"), exports.document_bytes(payload, "xlsx")
    assert docx.startswith(b"PK") and xlsx.startswith(b"PK") and len(children) == 2

