"""Issue 10: an aggregate replaces records only inside the period it was entered for; one period type
per unit/indicator where periods overlap (form, import, API); legacy mixed data and its report."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from danvan.core.imports import ImportFailed
from danvan.reports import rollups, selectors
from danvan.reports.importers import import_datavalues
from danvan.reports.models import DataValue
from danvan.reports.overlaps import mixed_entries
from danvan.reports.services import datavalue_set

from .helpers import D, add_fact, scratch

pytestmark = pytest.mark.django_db


def _ninh_kieu_records(commune):
    """4 models registered in 2026: one in each quarter except two in Q4 — Q3 holds 1 record."""
    for day in (D(2026, 2, 10), D(2026, 5, 3), D(2026, 8, 20), D(2026, 11, 5)):
        add_fact("dvk.registered", commune, day)


def test_quarter_aggregate_replaces_only_that_quarters_records(commune_cantho, unit):
    _ninh_kieu_records(commune_cantho)
    can_tho = unit("VN-92")
    assert selectors.figures(unit=commune_cantho, period="2026", indicators=["dvk.registered"]) == {
        "dvk.registered": 4}
    datavalue_set(actor=None, unit=commune_cantho, period="2026Q3", indicator="dvk.registered", value=2)
    # 4 − (records of Q3: 1) + 2 = 5, for the commune and in Cần Thơ's total, from roll-ups and live.
    for target in (commune_cantho, can_tho):
        assert selectors.figures(unit=target, period="2026", indicators=["dvk.registered"])["dvk.registered"] == 5
        assert scratch(target, "2026", ["dvk.registered"])["dvk.registered"] == 5
        assert selectors.annual_figures(unit=target, year=2026, indicators=["dvk.registered"])["figures"] == {
            "dvk.registered": 5}
    quarters = [selectors.figures(unit=commune_cantho, period=f"2026Q{q}", indicators=["dvk.registered"])
                ["dvk.registered"] for q in (1, 2, 3, 4)]
    assert quarters == [1, 1, 2, 1]
    assert selectors.figures(unit=commune_cantho, period="2026S2", indicators=["dvk.registered"])[
        "dvk.registered"] == 3
    assert selectors.figures(unit=commune_cantho, period="202608", indicators=["dvk.registered"])[
        "dvk.registered"] == 1  # a month inside Q3: the Q3 aggregate is not inside it, so records count
    own = selectors.own_values(unit=commune_cantho, period="2026", indicators=["dvk.registered"])
    assert own["dvk.registered"]["aggregate"] == 2 and own["dvk.registered"]["records"] == 4
    # A record added later in Q1 counts; one added in Q3 does not (the Q3 aggregate stands for Q3).
    add_fact("dvk.registered", commune_cantho, D(2026, 3, 1))
    add_fact("dvk.registered", commune_cantho, D(2026, 9, 1))
    assert selectors.figures(unit=can_tho, period="2026", indicators=["dvk.registered"])["dvk.registered"] == 6
    assert selectors.figures(unit=can_tho, period="2026", indicators=["dvk.registered"]) == scratch(
        can_tho, "2026", ["dvk.registered"])
    stored = selectors.figures(unit=unit("VN"), period="2026", indicators=["dvk.registered"])
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert rollups.usable()
    assert selectors.figures(unit=unit("VN"), period="2026", indicators=["dvk.registered"]) == stored


def test_overlapping_entry_of_another_type_is_refused_with_a_way_out(commune_cantho):
    datavalue_set(actor=None, unit=commune_cantho, period="2026Q3", indicator="dialogue", value=2)
    with pytest.raises(ValidationError) as refused:
        datavalue_set(actor=None, unit=commune_cantho, period="2026", indicator="dialogue", value=9)
    message = " ".join(refused.value.messages)
    assert "quý III năm 2026" in message and "/bao-cao/nhap/" in message and "xóa" in message
    with pytest.raises(ValidationError):
        datavalue_set(actor=None, unit=commune_cantho, period="202608", indicator="dialogue", value=1)
    # Same type, or another type that does not overlap, is fine.
    datavalue_set(actor=None, unit=commune_cantho, period="2026Q4", indicator="dialogue", value=1)
    datavalue_set(actor=None, unit=commune_cantho, period="2026S1", indicator="dialogue", value=3)
    datavalue_set(actor=None, unit=commune_cantho, period="2026", indicator="media", value=3)
    assert DataValue.objects.filter(unit=commune_cantho, indicator_id="dialogue").count() == 3
    assert selectors.figures(unit=commune_cantho, period="2026", indicators=["dialogue"])["dialogue"] == 6


def test_import_refuses_overlaps_in_the_file_and_with_entered_values(commune_cantho):
    key = commune_cantho.key
    datavalue_set(actor=None, unit=commune_cantho, period="2026Q3", indicator="dialogue", value=2)
    data = (f"unit,period,indicator,value\n{key},2026,dialogue,5\n{key},2026Q1,media,1\n"
            f"{key},2026,media,4\n").encode()
    with pytest.raises(ImportFailed) as failed:
        import_datavalues(actor=None, data=data)
    errors = {(e.line, e.column): e.message for e in failed.value.errors}
    assert set(errors) == {(2, "period"), (4, "period")}
    assert "quý III năm 2026" in errors[(2, "period")]
    assert "dòng 3" in errors[(4, "period")]
    assert DataValue.objects.filter(unit=commune_cantho).count() == 1  # all or nothing


def test_legacy_mixed_entries_coarser_wins_and_are_listed(commune_cantho):
    # Written before the rule (straight into the table): a year value and quarter values.
    for period, kind, value in (("2026", "year", 10), ("2026Q1", "quarter", 3), ("2026Q2", "quarter", 4)):
        DataValue.objects.create(unit=commune_cantho, period=period, period_type=kind, year=2026,
                                 indicator_id="media", value=value)
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert selectors.figures(unit=commune_cantho, period="2026", indicators=["media"])["media"] == Decimal(10)
    assert selectors.figures(unit=commune_cantho, period="2026S1", indicators=["media"])["media"] == Decimal(7)
    entries = mixed_entries()
    assert [(e.unit_key, e.indicator, e.year, [p.code for p in e.counted], [p.code for p in e.ignored])
            for e in entries] == [(commune_cantho.key, "media", 2026, ["2026"], ["2026Q1", "2026Q2"])]
    out = io.StringIO()
    call_command("mixed_period_entries", "--unit", "VN-92", stdout=out)
    assert commune_cantho.key in out.getvalue() and "2026Q1, 2026Q2" in out.getvalue()


def test_entry_form_and_api_refuse_overlap_and_the_form_deletes_to_replace(unit, make_user, client_for):
    province = unit("VN-93")
    client = client_for(make_user("VN-93", "officer"))
    datavalue_set(actor=None, unit=province, period="2023Q3", indicator="dialogue", value=2)
    page = client.post("/bao-cao/nhap/VN-93/2023/", {"v_dialogue": "7"})
    assert page.status_code == 200 and "quý III năm 2023" in page.content.decode()
    assert not DataValue.objects.filter(unit=province, period="2023").exists()
    api = client.post("/api/v1/reports/datavalues/", {"unit": "VN-93", "period": "2023", "indicator": "dialogue",
                                                       "value": "7"})
    assert api.status_code == 422 and "quý III năm 2023" in api.content.decode()
    # The way out the message names: empty the quarter's field, then enter the year.
    assert client.post("/bao-cao/nhap/VN-93/2023Q3/", {"v_dialogue": ""}).status_code == 302
    assert not DataValue.objects.filter(unit=province).exists()
    assert client.post("/bao-cao/nhap/VN-93/2023/", {"v_dialogue": "7"}).status_code == 302
    assert selectors.figures(unit=province, period="2023", indicators=["dialogue"])["dialogue"] == 7
