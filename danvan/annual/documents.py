"""Party-document fields of a unit's report: header, symbol, place, date line, signature, recipients.

The issuing body's data lives on the unit (`OrgUnit.doc_*`, edited by a unit administrator); a blank
field falls back to the default for the unit's kind at the report date, never to something made up
from the unit's name. The rules follow Hướng dẫn 36-HD/VPTW: the superior body on the first line of
the header, the issuing body below it with "*", the number "Số 07-BC/BDVTU" (no colon), an italic
place-and-date line; a cấp ủy signs collectively ("T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY"), a Ban is
signed by its head ("TRƯỞNG BAN") or a deputy for the head ("K/T TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

# The commissions merged on 03/02/2025 (Ban Tuyên giáo và Dân vận); districts ended on 01/7/2025.
COMMISSION_MERGER = datetime.date(2025, 2, 3)
COMMUNE_REFORM = datetime.date(2025, 7, 1)

FORMULAS = {
    # code: (title line, default position line)
    "tm_btv": ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
    "tm_du": ("T/M ĐẢNG ỦY", "BÍ THƯ"),
    "head": ("TRƯỞNG BAN", ""),
    "deputy": ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
}
COLLECTIVE_FORMULAS = ("tm_btv", "tm_du")

# Central bodies whose header cannot follow from their kind (Đảng ủy Khối, Đảng bộ ở Trung ương).
# Values attested in the bodies' published documents (e.g. 29-HD/ĐUK, 454-CV/BDVTW).
CENTRAL_DEFAULTS: dict[str, dict[str, str]] = {
    "TW-DUK": {"superior": "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG", "issuing": "ĐẢNG ỦY KHỐI", "symbol": "ĐUK",
               "formula": "tm_btv", "place": "Hà Nội"},
    "TW-BDV": {"superior": "BAN CHẤP HÀNH TRUNG ƯƠNG", "issuing": "BAN DÂN VẬN", "symbol": "BDVTW",
               "formula": "head", "place": "Hà Nội"},
    "TW-BTGDV": {"superior": "BAN CHẤP HÀNH TRUNG ƯƠNG", "issuing": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                 "symbol": "BTGDVTW", "formula": "head", "place": "Hà Nội"},
}

_COMMITTEE = {"tỉnh": "TỈNH ỦY", "thành phố": "THÀNH ỦY", "huyện": "HUYỆN ỦY", "quận": "QUẬN ỦY",
              "thị xã": "THỊ ỦY"}
_DISTRICT_SYMBOL = {"huyện": "BDVHU", "quận": "BDVQU", "thị xã": "BDVTU", "thành phố": "BDVTU"}


def merged(day: datetime.date) -> bool:
    return day >= COMMISSION_MERGER


def commission_name(day: datetime.date, unit=None) -> str:
    """The body that does the dân vận work at a date (headers, section III's title, the text): the Ban Dân vận,
    from 03/02/2025 the Ban Tuyên giáo và Dân vận; a commune has no commission: its khối dân vận, from
    01/7/2025 the Đảng ủy's Ban Xây dựng Đảng."""
    if unit is not None and unit.kind == "commune":
        return _("Ban Xây dựng Đảng") if day >= COMMUNE_REFORM else _("Khối dân vận")
    return _("Ban Tuyên giáo và Dân vận") if merged(day) else _("Ban Dân vận")


def bare_name(unit) -> str:
    """"Tỉnh Hậu Giang" -> "Hậu Giang": the unit's short name, else its name without the type word."""
    if (unit.short_name or "").strip() and unit.kind != "nation" and not unit.key.startswith("TW-"):
        return unit.short_name.strip()
    name, type_name = unit.name.strip(), (unit.type_name or "").strip()
    if type_name and name.lower().startswith(type_name.lower() + " "):
        return name[len(type_name) + 1:].strip()
    return name


def _type(unit) -> str:
    return (unit.type_name or "").strip().lower()


@dataclass(frozen=True)
class Profile:
    """The issuing body as it signs a report at one date."""

    superior_body: str
    issuing_body: str
    symbol: str
    place: str
    formula: str
    signer_position: str
    signer_name: str
    from_unit: tuple[str, ...] = ()  # which fields came from the unit's own data

    @property
    def signer_title(self) -> str:
        return formula_title(self.formula)


def formula_title(formula: str) -> str:
    return FORMULAS.get(formula, ("", ""))[0]


def kind_defaults(unit, day: datetime.date) -> dict[str, str]:
    """The header of a unit's dân vận report by its kind at `day` (blank where no rule is safe)."""
    if unit.key in CENTRAL_DEFAULTS:
        return dict(CENTRAL_DEFAULTS[unit.key])
    kind, name = unit.kind, bare_name(unit)
    ban = commission_name(day).upper()
    if kind == "nation":
        return {"superior": "BAN CHẤP HÀNH TRUNG ƯƠNG", "issuing": ban,
                "symbol": "BTGDVTW" if merged(day) else "BDVTW", "formula": "head", "place": "Hà Nội"}
    if kind == "province":
        return {"superior": f"{_COMMITTEE.get(_type(unit), 'TỈNH ỦY')} {name.upper()}", "issuing": ban,
                "symbol": "BTGDVTU" if merged(day) else "BDVTU", "formula": "head", "place": name}
    if kind == "district":
        return {"superior": f"{_COMMITTEE.get(_type(unit), 'HUYỆN ỦY')} {name.upper()}", "issuing": ban,
                "symbol": _DISTRICT_SYMBOL.get(_type(unit), "BDVHU"), "formula": "head", "place": name}
    if kind == "commune":
        # A commune has no dân vận commission: the Đảng ủy issues (its khối dân vận / Ban Xây dựng Đảng
        # drafts), under the đảng bộ of the district (before 01/7/2025) or of the province.
        parent = unit.parent
        superior = ""
        if parent is not None and parent.kind in ("district", "province"):
            superior = f"ĐẢNG BỘ {(parent.type_name or '').upper()} {bare_name(parent).upper()}".replace("  ", " ")
        return {"superior": superior.strip(), "issuing": f"ĐẢNG ỦY {unit.name.upper()}", "symbol": "ĐU",
                "formula": "tm_du", "place": name}
    # Other central Party organisations, the Front and organisations: no safe default for the symbol.
    superior = ""
    if unit.key.startswith("TW-") and kind == "party_org":
        superior = unit.name.upper()
        return {"superior": superior, "issuing": "ĐẢNG ỦY", "symbol": "", "formula": "tm_btv", "place": "Hà Nội"}
    return {"superior": superior, "issuing": unit.name.upper(), "symbol": "", "formula": "head",
            "place": "Hà Nội" if unit.key.startswith("TW-") else ""}


def profile(unit, day: datetime.date) -> Profile:
    """The unit's own data where set, else the defaults for its kind at `day` (with the unit's name at `day`:
    VN-91's 2023 report is issued by "TỈNH ỦY KIÊN GIANG", its 2026 report by "TỈNH ỦY AN GIANG")."""
    from danvan.orgunits.selectors import as_named_on

    base = kind_defaults(as_named_on(unit, day), day)
    own = {"superior": unit.doc_superior_body, "issuing": unit.doc_issuing_body, "symbol": unit.doc_symbol,
           "place": unit.doc_place, "formula": unit.doc_signing_formula}
    values = {key: (own[key] or "").strip() or base.get(key, "") for key in own}
    formula = values["formula"] or "head"
    position = (unit.doc_signer_position or "").strip() or FORMULAS[formula][1]
    return Profile(superior_body=values["superior"], issuing_body=values["issuing"], symbol=values["symbol"],
                   place=values["place"], formula=formula, signer_position=position,
                   signer_name=(unit.doc_signer_name or "").strip(),
                   from_unit=tuple(key for key, value in own.items() if (value or "").strip()))


def default_title(*, year: int, half: bool, has_next_part: bool) -> str:
    if half:
        return _("sơ kết công tác dân vận 6 tháng đầu năm %(year)s, nhiệm vụ trọng tâm 6 tháng cuối năm %(year)s") % {
            "year": year}
    if not has_next_part:
        return _("tổng kết công tác dân vận năm %(year)s") % {"year": year}
    return _("tổng kết công tác dân vận năm %(year)s, phương hướng, nhiệm vụ năm %(next)s") % {
        "year": year, "next": year + 1}


def defaults(unit, year: int, *, day: datetime.date | None = None, half: bool = False,
             has_next_part: bool = True) -> dict:
    """Starting values of a report's document fields (the user edits each on the report page)."""
    day = day or datetime.date(year, 6 if half else 12, 30 if half else 31)
    prof = profile(unit, day)
    return {
        "superior_body": prof.superior_body,
        "issuing_body": prof.issuing_body,
        "number": f"-BC/{prof.symbol}" if prof.symbol else "",
        "place": prof.place,
        "title": default_title(year=year, half=half, has_next_part=has_next_part),
        "signing_formula": prof.formula,
        "signer_title": prof.signer_title,
        "signer_position": prof.signer_position,
        "signer": prof.signer_name,
        "recipients": "\n".join(_recipients(unit, day)),
    }


def _recipients(unit, day: datetime.date) -> list[str]:
    """Default "Nơi nhận" lines: whom the body reports to, its units, the archive (each line editable)."""
    if unit.kind == "nation":
        return [_("Bộ Chính trị, Ban Bí thư (để báo cáo),"), _("Các ban, cơ quan Đảng Trung ương,"),
                _("Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương,"), _("Lưu Văn phòng.")]
    return [_("Cấp ủy cấp trên (để báo cáo),"),
            # The commissions merged in February 2025: later reports go to the Tuyên giáo và Dân vận commission.
            _("Ban Tuyên giáo và Dân vận cấp trên (để báo cáo),") if merged(day)
            else _("Ban Dân vận cấp trên (để báo cáo),"),
            _("Các đơn vị trực thuộc,"), _("Lưu Văn phòng.")]


def number_line(number: str) -> str:
    """"Số 07-BC/BDVTU"; a number not yet given leaves room for the clerk: "Số      -BC/BDVTU"."""
    number = (number or "").strip()
    if not number:
        return "Số " + "\u00a0" * 6 + "-BC/" + "\u2026"
    if number.startswith("-"):
        return "Số " + "\u00a0" * 6 + number
    return "Số " + number


def signature_lines(formula: str, signer_title: str, position: str) -> list[str]:
    """The bold lines above the signature: "T/M BAN THƯỜNG VỤ" + "BÍ THƯ", "TRƯỞNG BAN", "K/T TRƯỞNG BAN" +
    "PHÓ TRƯỞNG BAN". The head signs under "TRƯỞNG BAN" alone (that line is the position)."""
    title = formula_title(formula) or (signer_title or "").strip()
    lines = [title] if title else []
    position = (position or "").strip()
    if position and position.upper() != title.upper():
        lines.append(position.upper())
    return lines


def blank_date_line(place: str) -> str:
    """The date line of a draft with no date yet, left for hand filling: "Cần Thơ, ngày … tháng … năm …"."""
    blank = _("ngày … tháng … năm …")  # no-break spaces
    return f"{place}, {blank}" if place else blank
