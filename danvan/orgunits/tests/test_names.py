"""Names over time: the seven provinces that kept their code in 2025 but took another name."""

import datetime
import io

import pytest
from django.core.management import call_command

from danvan.orgunits import selectors
from danvan.orgunits.models import UnitName

pytestmark = pytest.mark.django_db


def test_renamed_provinces_have_their_former_name(unit):
    renamed = dict(UnitName.objects.values_list("unit__key", "name"))
    assert renamed == {"VN-15": "Tỉnh Yên Bái", "VN-24": "Tỉnh Bắc Giang", "VN-44": "Tỉnh Quảng Bình",
                       "VN-52": "Tỉnh Bình Định", "VN-80": "Tỉnh Long An", "VN-82": "Tỉnh Tiền Giang",
                       "VN-91": "Tỉnh Kiên Giang"}
    an_giang = unit("VN-91")
    before = selectors.name_at(an_giang, datetime.date(2025, 6, 30))
    assert (before.name, before.short_name, before.since) == ("Tỉnh Kiên Giang", "Kiên Giang", None)
    after = selectors.name_at(an_giang, datetime.date(2025, 7, 1))
    assert (after.name, after.since) == ("Tỉnh An Giang", datetime.date(2025, 7, 1))
    # a unit that was never renamed keeps its one name
    assert selectors.name_at(unit("VN-92"), datetime.date(2020, 1, 1)).name == "Thành phố Cần Thơ"
    # the copy carries the old name; the unit itself is untouched
    assert selectors.as_named_on(an_giang, datetime.date(2023, 12, 31)).name == "Tỉnh Kiên Giang"
    assert unit("VN-91").name == "Tỉnh An Giang"


def test_load_units_keeps_the_names_once():
    call_command("load_units", stdout=io.StringIO())
    assert UnitName.objects.count() == 7
