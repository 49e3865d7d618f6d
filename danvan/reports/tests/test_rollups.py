import random
from decimal import Decimal

import pytest
from django.core.management import call_command

from danvan.orgunits.models import OrgUnit
from danvan.reports import rollups, selectors
from danvan.reports.facts import Fact, delete_facts, replace_facts
from danvan.reports.models import DataValue, RollupValue, UnitYearValue
from danvan.reports.services import datavalue_delete, datavalue_set

from .helpers import D, add_fact, scratch

pytestmark = pytest.mark.django_db

CODES = ["dialogue", "media", "dvk.registered", "dvk.recognised", "dvk.recognised.collective"]


def snapshot_tables():
    own = sorted(UnitYearValue.objects.values_list("unit_id", "year", "indicator", "level", "value"))
    # Rows that fell to 0 are kept (their versions count in rollups.version) and read as absent.
    rolled = sorted(RollupValue.objects.exclude(value=0).values_list("boundaries", "ancestor_id", "year",
                                                                     "indicator", "level", "value"))
    return own, rolled


def check_against_scratch(units, years=(2023, 2024, 2025)):
    assert rollups.usable()
    for unit in units:
        for year in years:
            for boundaries in ("historical", "current"):
                expected = scratch(unit, str(year), CODES, boundaries)
                got = selectors.figures(unit=unit, period=str(year), indicators=CODES, boundaries=boundaries)
                assert got == expected, (unit.key, year, boundaries)


def test_rollups_stay_consistent_with_scratch_through_changes(unit):
    rng = random.Random(7)
    hau_giang, can_tho = unit("VN-93"), unit("VN-92")
    communes = list(OrgUnit.objects.filter(path__startswith=hau_giang.path, kind="commune").order_by("path")[:12])
    new_communes = list(OrgUnit.objects.filter(parent=can_tho, valid_to__isnull=True, kind="commune")[:3])
    districts = list(OrgUnit.objects.filter(parent=hau_giang).order_by("path")[:3])
    ids = []
    for commune in communes:
        for _n in range(3):
            day = D(rng.choice([2023, 2024]), rng.randint(1, 12), rng.randint(1, 28))
            ids.append(add_fact(rng.choice(["dialogue", "media", "dvk.recognised.collective"]), commune, day,
                                value=rng.randint(1, 9), level=rng.choice(["", "", "district"])))
    for commune in new_communes:
        add_fact("media", commune, D(2025, 10, 1), value=4)
    add_fact("media", hau_giang, D(2025, 3, 1), value=2)
    watched = [unit("VN"), can_tho, hau_giang, *districts, communes[0], new_communes[0]]
    check_against_scratch(watched)
    assert RollupValue.objects.exists()
    # A record changes: its facts are replaced (different unit, year and indicator), then deleted.
    replace_facts(source="test.record", source_id=ids[0],
                  facts=[Fact("dialogue", communes[5].pk, D(2024, 2, 2), 11)])
    replace_facts(source="test.record", source_id=ids[1], facts=[])
    delete_facts(source="test.record", source_id=ids[2])
    check_against_scratch(watched)
    # Aggregates entered, changed and deleted (the precedence switches back and forth).
    dv = datavalue_set(actor=None, unit=communes[0], period="2023", indicator="dialogue", value=50)
    datavalue_set(actor=None, unit=districts[0], period="2023Q2", indicator="media", value=7)
    datavalue_set(actor=None, unit=hau_giang, period="2024", indicator="dvk.registered", value=30)
    check_against_scratch(watched)
    dv = datavalue_set(actor=None, unit=communes[0], period="2023", indicator="dialogue", value=5)
    check_against_scratch(watched)
    datavalue_delete(actor=None, datavalue=dv)
    check_against_scratch(watched)
    # A full rebuild gives exactly the incrementally maintained tables.
    before = snapshot_tables()
    call_command("rebuild_rollups", stdout=__import__("io").StringIO())
    assert snapshot_tables() == before


def test_stale_tables_are_never_served(unit, settings):
    hau_giang = unit("VN-93")
    add_fact("media", hau_giang, D(2022, 12, 20), value=3)
    assert selectors.figures(unit=hau_giang, period="2022", indicators=["media"])["media"] == 3
    settings.REPORTING_YEAR_START = "12-15"
    assert not rollups.usable() and rollups.as_of() is None
    # Live computation with the new reporting year: 20/12/2022 belongs to 2023.
    assert selectors.figures(unit=hau_giang, period="2023", indicators=["media"])["media"] == 3
    assert selectors.figures(unit=hau_giang, period="2022", indicators=["media"])["media"] == 0
    call_command("rebuild_rollups", stdout=__import__("io").StringIO())
    assert rollups.usable()
    assert selectors.annual_figures(unit=hau_giang, year=2023, indicators=["media"])["figures"]["media"] == 3
    assert UnitYearValue.objects.exclude(level="#").get(unit=hau_giang).year == 2023


def test_bulk_import_keeps_rollups(unit):
    from danvan.reports.importers import import_datavalues

    communes = list(OrgUnit.objects.filter(path__startswith="VN/VN-93/", kind="commune").order_by("path"))
    lines = ["unit,period,indicator,value"] + [f"{c.key},2023,media,{i % 5 + 1}" for i, c in enumerate(communes)]
    import_datavalues(actor=None, data=("\n".join(lines) + "\n").encode())
    expected = sum(i % 5 + 1 for i in range(len(communes)))
    assert selectors.figures(unit=unit("VN-92"), period="2023", indicators=["media"],
                             boundaries="current")["media"] == expected
    assert selectors.figures(unit=unit("VN"), period="2023", indicators=["media"])["media"] == expected
    assert DataValue.objects.count() == len(communes)
    assert selectors.figures(unit=unit("VN"), period="2023", indicators=["media"]) == scratch(
        unit("VN"), "2023", ["media"])
    national = RollupValue.objects.filter(ancestor__key="VN", boundaries="h", year=2023)
    assert Decimal(expected) == national.exclude(level="#").get().value
    # One "has data" row per commune that entered a value, summed at the nation.
    assert len(communes) == national.get(level="#").value
