import datetime

import pytest

from danvan.reports.periods import parse_period, period_containing, periods_in_year

D = datetime.date


def test_parse_each_type_and_labels():
    assert parse_period("2023").start == D(2023, 1, 1) and parse_period("2023").end == D(2023, 12, 31)
    s1 = parse_period("2023S1")
    assert (s1.type, s1.start, s1.end, s1.label) == ("semester", D(2023, 1, 1), D(2023, 6, 30),
                                                     "6 tháng đầu năm 2023")
    q3 = parse_period("2023Q3")
    assert (q3.start, q3.end, q3.label) == (D(2023, 7, 1), D(2023, 9, 30), "quý III năm 2023")
    m = parse_period("202311")
    assert (m.type, m.start, m.end, m.label) == ("month", D(2023, 11, 1), D(2023, 11, 30), "tháng 11 năm 2023")
    assert parse_period("2024").label == "năm 2024"
    assert parse_period("202402").end == D(2024, 2, 29)


@pytest.mark.parametrize("code", ["", "23", "2023Q5", "2023S3", "202313", "202300", "2023-11", "abcd", "V/2023",
                                  "13/2023", "quý 5/2023", "1800", None])
def test_malformed_codes_raise_vietnamese_with_the_accepted_forms(code):
    with pytest.raises(ValueError) as error:
        parse_period(code)
    assert ("Không đọc được" in str(error.value) and "Quý 3/2026" in str(error.value)) or \
        "ngoài phạm vi" in str(error.value)


@pytest.mark.parametrize("text,code", [
    ("2026", "2026"), ("năm 2026", "2026"), ("Quý 3/2026", "2026Q3"), ("quý III năm 2026", "2026Q3"),
    ("Q3/2026", "2026Q3"), ("III/2026", "2026Q3"), ("6 tháng đầu năm 2026", "2026S1"),
    ("6 tháng cuối năm 2026", "2026S2"), ("tháng 11/2026", "202611"), ("11/2026", "202611"),
    ("tháng 11 năm 2026", "202611"), ("2026 Q3", "2026Q3"), ("2026q3", "2026Q3"), (" 2026S1 ", "2026S1"),
    ("202611", "202611"), ("quy 3/2026", "2026Q3"), ("Quý IV/2026", "2026Q4"), ("thang 2 nam 2026", "202602"),
])
def test_periods_as_people_write_them(text, code):
    assert parse_period(text).code == code


def test_period_label_words():
    from danvan.reports.periods import period_label

    assert [period_label(c) for c in ("2026Q3", "2026S1", "202611", "2026", "??")] == [
        "quý III năm 2026", "6 tháng đầu năm 2026", "tháng 11 năm 2026", "năm 2026", "??"]


def test_previous_and_previous_year():
    assert parse_period("2023Q1").previous().code == "2022Q4"
    assert parse_period("2023Q3").previous().code == "2023Q2"
    assert parse_period("202301").previous().code == "202212"
    assert parse_period("2023S1").previous().code == "2022S2"
    assert parse_period("2023").previous().code == "2022"
    assert parse_period("2023Q3").previous_year().code == "2022Q3"
    assert parse_period("202311").previous_year().code == "202211"


def test_period_containing_and_in_year():
    assert period_containing(D(2023, 8, 15), "quarter").code == "2023Q3"
    assert period_containing(D(2023, 8, 15), "month").code == "202308"
    assert period_containing(D(2023, 8, 15), "semester").code == "2023S2"
    assert [p.code for p in periods_in_year(2023, "quarter")] == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert len(periods_in_year(2023, "month")) == 12
    assert [p.code for p in parse_period("2023S2").subperiods()][:3] == ["2023S2", "2023Q3", "2023Q4"]
    assert len(parse_period("2023").subperiods()) == 19


def test_reporting_year_from_15_december(settings):
    settings.REPORTING_YEAR_START = "12-15"
    year = parse_period("2023")
    assert (year.start, year.end) == (D(2022, 12, 15), D(2023, 12, 14))
    assert (parse_period("202301").start, parse_period("202301").end) == (D(2022, 12, 15), D(2023, 1, 14))
    assert (parse_period("202312").start, parse_period("202312").end) == (D(2023, 11, 15), D(2023, 12, 14))
    assert (parse_period("2023Q1").start, parse_period("2023Q1").end) == (D(2022, 12, 15), D(2023, 3, 14))
    assert (parse_period("2023S2").start, parse_period("2023S2").end) == (D(2023, 6, 15), D(2023, 12, 14))
    assert period_containing(D(2022, 12, 20), "year").code == "2023"
    assert period_containing(D(2023, 12, 14), "year").code == "2023"
    assert period_containing(D(2023, 12, 15), "year").code == "2024"
    assert period_containing(D(2023, 12, 15), "month").code == "202401"
    assert period_containing(D(2023, 3, 14), "quarter").code == "2023Q1"
    assert period_containing(D(2023, 3, 15), "quarter").code == "2023Q2"
