"""The one parser for typed numbers and dates, the form fields built on it, and amounts in words."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from danvan.core.fields import VnDateField, VnDecimalField, VnIntegerField
from danvan.core.formatting import format_amount_in_words, number_to_words
from danvan.core.parsing import parse_date, parse_decimal, parse_int


@pytest.mark.parametrize("text, expected", [
    ("4.200", Decimal("4200")), ("1.250.000", Decimal("1250000")), ("17,6", Decimal("17.6")),
    ("1.234,5", Decimal("1234.5")), ("1234.5", Decimal("1234.5")), ("0.500", Decimal("0.5")),
    (" 50 000 000 ", Decimal("50000000")), ("50\u00a0000", Decimal("50000")), ("-1.000", Decimal("-1000")),
    ("12", Decimal("12")), ("", None), ("abc", None), ("1,2,3", None), ("NaN", None), ("Infinity", None),
])
def test_parse_decimal(text, expected):
    assert parse_decimal(text) == expected


def test_parse_int_refuses_fractions():
    assert parse_int("4.200") == 4200 and parse_int("17,6") is None and parse_int("x") is None


@pytest.mark.parametrize("text, expected", [
    ("27/12/2017", datetime.date(2017, 12, 27)), ("3/4/2018", datetime.date(2018, 4, 3)),
    ("2017-12-27", datetime.date(2017, 12, 27)), ("27-12-2017", datetime.date(2017, 12, 27)),
    ("31/02/2024", None), ("12/27/2017", None), ("", None),
])
def test_parse_date_reads_day_first(text, expected):
    assert parse_date(text) == expected


class NumbersForm(forms.Form):
    attendees = VnIntegerField(required=False, min_value=0)
    amount = VnDecimalField(required=False)
    day = VnDateField(required=False)


def test_fields_accept_vietnamese_writing_and_render_as_text_inputs():
    form = NumbersForm({"attendees": "4.200", "amount": "1.250.000,5", "day": "05/01/2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"attendees": 4200, "amount": Decimal("1250000.5"),
                                 "day": datetime.date(2026, 1, 5)}
    html = str(NumbersForm(initial={"attendees": 4200, "amount": Decimal("1250000"),
                                    "day": datetime.date(2026, 1, 5)}))
    assert 'type="number"' not in html and 'type="date"' not in html
    assert 'value="4200"' in html and 'value="1.250.000"' in html and 'value="05/01/2026"' in html
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html


def test_fields_explain_bad_input_in_vietnamese():
    form = NumbersForm({"attendees": "4,5", "amount": "nhiều", "day": "12/31/2025"})
    assert not form.is_valid()
    assert "số nguyên" in form.errors["attendees"][0]
    assert "1.250.000" in form.errors["amount"][0]
    assert "dd/mm/yyyy" in form.errors["day"][0]


@pytest.mark.parametrize("amount, words", [
    (50_000_000, "năm mươi triệu"), (1_250_000, "một triệu hai trăm năm mươi nghìn"), (21, "hai mươi mốt"),
    (105, "một trăm linh năm"), (1005, "một nghìn không trăm linh năm"), (15, "mười lăm"), (24, "hai mươi tư"),
    (17_600_000_000, "mười bảy tỷ sáu trăm triệu"), (0, "không"),
])
def test_number_to_words(amount, words):
    assert number_to_words(amount) == words


def test_amount_in_words():
    assert format_amount_in_words(50_000_000) == "Năm mươi triệu đồng"
