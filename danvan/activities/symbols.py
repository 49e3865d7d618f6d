"""Document symbols (số, ký hiệu): parsed and validated.

Party documents (Quy định 66-QĐ/TW, Hướng dẫn 36-HD/VPTW): ``<number>-<TYPE>/<ISSUER>`` — 25-NQ/TW,
08-QĐi/TW, 04-NQ/ĐUK, 24-KH/BDVTU; a joint issuer is written with "-": 03-CTr/BDVTW-BCSĐCP.
State documents (Nghị định 30/2020/NĐ-CP): ``<number>/<TYPE>-<ISSUER>`` (123/QĐ-UBND), with the year for
legal normative documents ``<number>/<year>/<TYPE>-<ISSUER>`` (12/2025/QĐ-UBND), laws ``<number>/<year>/<ISSUER>``
(06/2022/QH15) and official letters without a type ``<number>/<ISSUER>-<DIVISION>`` (123/UBND-VX).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PARTY_TYPES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐi": "Quy định", "QyĐ": "Quy định", "CT": "Chỉ thị",
    "KL": "Kết luận", "QC": "Quy chế", "HD": "Hướng dẫn", "TB": "Thông báo", "TC": "Thông cáo",
    "BC": "Báo cáo", "KH": "Kế hoạch", "CTr": "Chương trình", "ĐA": "Đề án", "CV": "Công văn",
    "TT": "Thông tri", "TTr": "Tờ trình", "BB": "Biên bản", "NQLT": "Nghị quyết liên tịch",
    "HDLT": "Hướng dẫn liên tịch", "TCLT": "Thông tri liên tịch", "QĐLT": "Quyết định liên tịch",
}
STATE_TYPES = {
    "QĐ": "Quyết định", "NQ": "Nghị quyết", "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị", "KH": "Kế hoạch", "TB": "Thông báo", "BC": "Báo cáo", "TTr": "Tờ trình", "HD": "Hướng dẫn",
    "QC": "Quy chế", "QĐi": "Quy định", "CTr": "Chương trình", "ĐA": "Đề án", "BB": "Biên bản", "PA": "Phương án",
    "CĐ": "Công điện", "L": "Luật", "CV": "Công văn",
}
DOC_TYPE_LABELS = {**STATE_TYPES, **PARTY_TYPES}

_ISSUER = r"[A-ZĐ0-9][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*"
_PARTY_RE = re.compile(r"^(?P<number>\d{1,5})-(?P<type>[A-Za-zĐđ]{1,5})/(?P<issuer>" + _ISSUER + r")$")
_STATE_RE = re.compile(r"^(?P<number>\d{1,5})/(?:(?P<year>\d{4})/)?(?P<rest>[A-Za-zĐđ0-9]+(?:-[A-ZĐ0-9]+)*)$")


@dataclass(frozen=True)
class ParsedSymbol:
    family: str  # "party" | "state"
    symbol: str
    number: int
    doc_type: str
    issuer: str
    year: int | None = None


def normalise(value: str) -> str:
    text = unicodedata.normalize("NFC", value or "").strip()
    text = re.sub(r"^(số|so)\s*:?\s*", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text)


def parse_symbol(value: str, *, field: str = "symbol") -> ParsedSymbol:
    """Parse a Party or State symbol or raise ValidationError naming `field`."""
    text = normalise(value)
    if not text:
        raise ValidationError({field: _("Số, ký hiệu văn bản không được để trống.")})
    match = _PARTY_RE.match(text)
    if match:
        doc_type = match["type"]
        if doc_type not in PARTY_TYPES:
            raise ValidationError({field: _(
                "Số, ký hiệu “%(v)s”: “%(t)s” không phải loại văn bản của Đảng (NQ, QĐ, QĐi, CT, KL, QC, HD, TB, "
                "BC, KH, CTr, ĐA, CV, TT, TTr, BB…).") % {"v": text, "t": doc_type}})
        number = int(match["number"])
        if number == 0:
            raise ValidationError({field: _("Số, ký hiệu “%(v)s”: số văn bản phải lớn hơn 0.") % {"v": text}})
        return ParsedSymbol("party", text, number, doc_type, match["issuer"])
    match = _STATE_RE.match(text)
    if match:
        number = int(match["number"])
        if number == 0:
            raise ValidationError({field: _("Số, ký hiệu “%(v)s”: số văn bản phải lớn hơn 0.") % {"v": text}})
        year = int(match["year"]) if match["year"] else None
        if year is not None and not 1945 <= year <= 2100:
            raise ValidationError({field: _("Số, ký hiệu “%(v)s”: năm %(y)s không hợp lệ.") % {"v": text, "y": year}})
        rest = match["rest"]
        head, _sep, tail = rest.partition("-")
        if head in STATE_TYPES and tail:
            return ParsedSymbol("state", text, number, head, tail, year)
        if year is not None and not tail and rest.upper() == rest:
            return ParsedSymbol("state", text, number, "L", rest, year)
        if year is None and tail and head.upper() == head:
            return ParsedSymbol("state", text, number, "CV", rest, None)
        if head not in STATE_TYPES:
            raise ValidationError({field: _(
                "Số, ký hiệu “%(v)s”: “%(t)s” không phải loại văn bản nhà nước (QĐ, NĐ, TT, NQ, CT, KH…).")
                % {"v": text, "t": head}})
    raise ValidationError({field: _(
        "Số, ký hiệu “%(v)s” không đúng thể thức. Văn bản của Đảng: số-LOẠI/CƠ QUAN (ví dụ 25-NQ/TW, "
        "24-KH/BDVTU); văn bản nhà nước: số/LOẠI-CƠ QUAN hoặc số/năm/LOẠI-CƠ QUAN (ví dụ 123/QĐ-UBND, "
        "12/2025/QĐ-UBND).") % {"v": text}})
