import datetime
from decimal import Decimal

from danvan.core import formatting as f
from danvan.core.text import fold, search_terms


def test_numbers_use_dot_for_thousands_and_comma_for_decimals():
    assert f.format_number(183676) == "183.676"
    assert f.format_number(949721) == "949.721"
    assert f.format_number(17.6, 1) == "17,6"
    assert f.format_number(1234567.891, 2) == "1.234.567,89"
    assert f.format_number(-5000) == "-5.000"
    assert f.format_number(0) == "0"
    assert f.format_number(12, 1) == "12"  # trailing zeros dropped


def test_money_in_words_as_the_seeds_write_it():
    assert f.format_money_words(17_600_000_000) == "17,6 tỷ đồng"
    assert f.format_money_words(50_000_000) == "50 triệu đồng"
    assert f.format_money_words(950) == "950 đồng"
    assert f.format_vnd(Decimal("17600000000")) == "17.600.000.000 đồng"


def test_percent_and_change_against_previous_year():
    assert f.format_percent(Decimal("0.991")) == "99,1%"
    assert f.format_change(112.3, 100) == "tăng 12,3%"
    assert f.format_change(96, 100) == "giảm 4%"
    assert f.format_change(5, 0) == ""


def test_long_dates_pad_days_below_ten_and_january_february():
    assert f.format_date_long(datetime.date(2017, 12, 27)) == "ngày 27 tháng 12 năm 2017"
    assert f.format_date_long(datetime.date(2018, 4, 3)) == "ngày 03 tháng 4 năm 2018"
    assert f.format_date_long(datetime.date(2018, 2, 20)) == "ngày 20 tháng 02 năm 2018"
    assert f.format_place_date("Hà Nội", datetime.date(2017, 12, 27)) == "Hà Nội, ngày 27 tháng 12 năm 2017"


def test_search_folding_ignores_diacritics_and_case():
    assert fold("Hậu Giang") == "hau giang"
    assert fold("Dân vận khéo") == fold("dan van kheo")
    assert fold("ĐẮK LẮK") == "dak lak"
    assert search_terms("  Dân   VẬN ") == ["dan", "van"]


def test_audit_snapshot_handles_empty_and_filled_files():
    from django.db.models.fields.files import FieldFile

    from danvan.core.audit import _jsonable

    class Holder:
        pass

    empty = FieldFile(Holder(), type("F", (), {"storage": None, "name": "file"})(), None)
    filled = FieldFile(Holder(), type("F", (), {"storage": None, "name": "file"})(), "uploads/x.pdf")
    assert _jsonable(empty) == ""
    assert _jsonable(filled) == "uploads/x.pdf"


def test_timestamps_are_local_and_vietnamese():
    aware = datetime.datetime(2026, 11, 21, 16, 5, tzinfo=datetime.UTC)
    assert f.format_timestamp(aware) == "23:05 ngày 21/11/2026"
    assert f.format_timestamp("2026-11-21T16:05:00+00:00") == "23:05 ngày 21/11/2026"
    assert f.format_timestamp("") == ""
