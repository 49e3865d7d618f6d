import pytest
from django.core.exceptions import ValidationError

from danvan.activities.symbols import parse_symbol


@pytest.mark.parametrize("text, family, number, doc_type, issuer, year", [
    ("25-NQ/TW", "party", 25, "NQ", "TW", None),
    ("23-QĐ/TW", "party", 23, "QĐ", "TW", None),
    ("08-QĐi/TW", "party", 8, "QĐi", "TW", None),
    ("04-NQ/ĐUK", "party", 4, "NQ", "ĐUK", None),
    ("24-KH/BDVTU", "party", 24, "KH", "BDVTU", None),
    ("03-CTr/BDVTW-BCSĐCP", "party", 3, "CTr", "BDVTW-BCSĐCP", None),
    ("62-KL/TW", "party", 62, "KL", "TW", None),
    ("Số 07-BC/BDVTU", "party", 7, "BC", "BDVTU", None),
    ("123/QĐ-UBND", "state", 123, "QĐ", "UBND", None),
    ("12/2025/QĐ-UBND", "state", 12, "QĐ", "UBND", 2025),
    ("Số: 45/KH-UBND", "state", 45, "KH", "UBND", None),
    ("06/2022/QH15", "state", 6, "L", "QH15", 2022),
    ("123/UBND-VX", "state", 123, "CV", "UBND-VX", None),
    ("05/2022/NĐ-CP", "state", 5, "NĐ", "CP", 2022),
])
def test_valid_symbols(text, family, number, doc_type, issuer, year):
    parsed = parse_symbol(text)
    assert (parsed.family, parsed.number, parsed.doc_type, parsed.issuer, parsed.year) == (
        family, number, doc_type, issuer, year)


@pytest.mark.parametrize("text", [
    "", "NQ/TW", "25-XX/TW", "25-NQ", "25-nq/tw", "0-NQ/TW", "25/NQ/TW", "abc", "12/2025/XX-UBND",
    "12/1800/QĐ-UBND", "25-NQ/TW/", "123/QĐ",
])
def test_invalid_symbols_name_the_field(text):
    with pytest.raises(ValidationError) as info:
        parse_symbol(text, field="symbol")
    messages = info.value.message_dict["symbol"]
    assert messages and ("ký hiệu" in messages[0])
