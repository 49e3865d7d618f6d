"""Default Party-document fields for a unit's annual report (header, number, place, signature, recipients).

Everything here is only a starting value: the user edits each field on the report page. The rules
follow Hướng dẫn 36-HD/VPTW: the superior body on the first line of the header, the issuing body
below it with a "*", the number as "Số 07-BC/BDVTU" (no colon), a collective body signs "T/M".
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

REFORM_YEAR = 2025  # Ban Tuyên giáo và Dân vận from 2025; districts gone from 01/7/2025


def _bare_name(unit) -> str:
    """"Tỉnh Hậu Giang" -> "Hậu Giang"; "Phường Ninh Kiều" -> "Ninh Kiều"."""
    name, type_name = unit.name.strip(), (unit.type_name or "").strip()
    if type_name and name.lower().startswith(type_name.lower() + " "):
        return name[len(type_name) + 1:].strip()
    return name


_COMMITTEE = {"tỉnh": "TỈNH ỦY", "thành phố": "THÀNH ỦY", "huyện": "HUYỆN ỦY", "quận": "QUẬN ỦY",
              "thị xã": "THỊ ỦY"}


def superior_body(unit, year: int) -> str:
    if unit.kind == "nation":
        return _("BAN CHẤP HÀNH TRUNG ƯƠNG")
    type_name = (unit.type_name or "").strip().lower()
    if unit.kind in ("province", "district"):
        return f"{_COMMITTEE.get(type_name, 'TỈNH ỦY')} {_bare_name(unit).upper()}"
    if unit.kind == "commune":
        return f"ĐẢNG ỦY {unit.name.upper()}"
    return (unit.parent.name if unit.parent_id else unit.name).upper()


def issuing_body(unit, year: int) -> str:
    if unit.kind in ("nation", "province", "district"):
        return _("BAN TUYÊN GIÁO VÀ DÂN VẬN") if year >= REFORM_YEAR and unit.kind != "district" else _("BAN DÂN VẬN")
    if unit.kind == "commune":
        return _("BAN XÂY DỰNG ĐẢNG") if year >= REFORM_YEAR else _("KHỐI DÂN VẬN")
    return unit.name.upper()


def symbol(unit, year: int) -> str:
    """The issuing-body abbreviation after "BC/"."""
    reformed = year >= REFORM_YEAR
    if unit.kind == "nation":
        return "BTGDVTW" if reformed else "BDVTW"
    if unit.kind == "province":
        return "BTGDVTU" if reformed else "BDVTU"
    if unit.kind == "district":
        return "BDVHU"
    if unit.kind == "commune":
        return "BXDĐ" if reformed else "DV"
    initials = "".join(word[0] for word in unit.name.split() if word[:1].isalpha()).upper()
    return initials[:10] or "BC"


def place(unit) -> str:
    if unit.kind == "nation" or unit.key.startswith("TW-"):
        return "Hà Nội"
    return _bare_name(unit)


def defaults(unit, year: int) -> dict:
    return {
        "superior_body": superior_body(unit, year),
        "issuing_body": issuing_body(unit, year),
        "number": f"-BC/{symbol(unit, year)}",
        "place": place(unit),
        "title": _("tổng kết công tác dân vận năm %(year)s, phương hướng, nhiệm vụ năm %(next)s") % {
            "year": year, "next": year + 1},
        "signer_title": _("T/M BAN THƯỜNG VỤ") if unit.kind in ("nation", "province", "district", "commune")
        else _("T/M BAN CHẤP HÀNH"),
        "signer_position": "",
        "signer": "",
        "recipients": "\n".join([
            _("Cấp ủy cấp trên (để báo cáo),"),
            # The commissions merged in February 2025: later reports go to the Tuyên giáo và Dân vận commission.
            _("Ban Tuyên giáo và Dân vận cấp trên (để báo cáo),") if year >= REFORM_YEAR
            else _("Ban Dân vận cấp trên (để báo cáo),"),
            _("Các đơn vị trực thuộc,"), _("Lưu Văn phòng.")]),
    }


def number_line(number: str) -> str:
    """"Số 07-BC/BDVTU"; a number not yet given leaves room for the clerk: "Số      -BC/BDVTU"."""
    number = (number or "").strip()
    if not number or number.startswith("-"):
        return "Số " + "\u00a0" * 6 + number
    return "Số " + number


def document_date(report_date: datetime.date | None, today: datetime.date) -> datetime.date:
    return report_date or today
