"""The report's text: headings from the outline, a drafted paragraph wherever the figures allow it, the
unit's own text (versioned) where people wrote it, and a marked placeholder everywhere else.

One module per section holds its sentences (party, government, front, dvk, commission); words.py says how
numbers, changes and abbreviations are written. Missing figures are None and never printed as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import outline
from . import commission, dvk, front, government, party, programme
from .words import LEVELS, Context, number, value

__all__ = ["LEVELS", "Block", "UnitFacts", "build_blocks", "build_narrative", "number", "value", "INDICATOR_LABELS",
           "CORE_CODES", "MONEY_CODES"]

# Names used when the engine's catalogue is not available (pure rendering, tests with plain dicts).
INDICATOR_LABELS: dict[str, tuple[str, str]] = {
    "dvk.registered": ("Mô hình “Dân vận khéo” đăng ký", "mô hình"),
    "dvk.recognised": ("Mô hình “Dân vận khéo” được công nhận", "mô hình"),
    "dvk.recognised.collective": ("Mô hình tập thể được công nhận", "mô hình"),
    "dvk.recognised.individual": ("Mô hình cá nhân được công nhận", "mô hình"),
    "conference.dissemination": ("Hội nghị học tập, quán triệt", "hội nghị"),
    "conference.dissemination.attendees": ("Lượt người dự hội nghị học tập, quán triệt", "lượt người"),
    "dialogue": ("Cuộc tiếp xúc, đối thoại của người đứng đầu với Nhân dân", "cuộc"),
    "competition": ("Cuộc thi, hội thi về công tác dân vận", "cuộc"),
    "media": ("Tin, bài, phóng sự về công tác dân vận", "tin, bài"),
    "commendation.collective": ("Tập thể được khen thưởng", "tập thể"),
    "commendation.individual": ("Cá nhân được khen thưởng", "cá nhân"),
    "petition.received": ("Đơn thư, kiến nghị tiếp nhận", "đơn"),
    "petition.resolved": ("Đơn thư, kiến nghị đã giải quyết", "đơn"),
    "campaign.money.received": ("Tiền vận động ủng hộ", "đồng"),
    "campaign.houses.completed": ("Nhà Đại đoàn kết, nhà tình nghĩa hoàn thành", "căn"),
}
CORE_CODES = list(INDICATOR_LABELS)
MONEY_CODES = {"campaign.money.received"}

SECTION_WRITERS = {
    "party": party.paragraphs,
    "government": government.paragraphs,
    "front": front.paragraphs,
    "campaigns": front.paragraphs,
    "dvk": dvk.paragraphs,
    "commission": commission.paragraphs,
}
SECTION_WRITERS["commission"] = programme.after(SECTION_WRITERS["commission"])  # the work programme (issue 18)


@dataclass(frozen=True)
class UnitFacts:
    """What the sentences need to know about the unit (kept small so tests can build it by hand)."""

    key: str
    name: str
    kind: str  # nation, province, district, commune, party_org, ...
    level: str = ""
    type_name: str = ""
    commission: str = "Ban Dân vận"  # the dân vận commission's name at the report date

    @classmethod
    def of(cls, unit, commission: str = "Ban Dân vận") -> UnitFacts:
        return cls(key=unit.key, name=unit.name, kind=unit.kind, level=unit.level, type_name=unit.type_name or "",
                   commission=commission)

    @property
    def area(self) -> str:
        """"cả nước", "toàn tỉnh", "toàn thành phố", "toàn xã", "toàn phường", "toàn Đảng bộ"…"""
        if self.kind == "nation":
            return _("cả nước")
        type_name = self.type_name.strip().lower()
        if self.kind in ("province", "district", "commune"):
            if type_name:
                return _("toàn %(type)s") % {"type": type_name}
            return {"province": _("toàn tỉnh"), "district": _("toàn huyện"), "commune": _("toàn xã")}[self.kind]
        if self.kind in ("party_org", "commission"):
            return _("toàn Đảng bộ")
        return _("toàn đơn vị")


def area_word(unit: UnitFacts) -> str:
    return unit.area


@dataclass(frozen=True)
class Block:
    """One piece of the document: a heading (level 1–3), a drafted paragraph, or the user's text."""

    kind: str  # "heading" | "figures" | "text" | "placeholder"
    text: str
    section: str
    level: int = 0
    label: str = ""  # "PHẦN THỨ NHẤT" above a part title


def build_blocks(data: dict, unit: UnitFacts, texts: dict[str, str] | None = None, *, placeholders: bool = True,
                 half: int = 0, with_next: bool = True, outline_kind: str | None = None) -> list[Block]:
    """The whole report body in order: headings, drafted paragraphs, then the section's own text."""
    texts = texts or {}
    year = int(data["year"])
    kind = outline_kind or outline.kind_of(unit)
    ctx = Context(data=data, unit=unit, year=year, half=half)
    blocks: list[Block] = []
    for item in outline.sections(kind, with_next=with_next):
        title = outline.section_title(item, year, kind=kind, half=half, commission=unit.commission)
        blocks.append(Block("heading", title, item.key, item.level, outline.part_label(item.key)))
        drafted = [p for p in SECTION_WRITERS.get(item.key, lambda _ctx: [])(ctx) if p]
        blocks.extend(Block("figures", paragraph, item.key) for paragraph in drafted)
        text = (texts.get(item.key) or "").strip()
        if text:
            blocks.extend(Block("text", para.strip(), item.key) for para in text.splitlines() if para.strip())
        elif item.editable and placeholders and not drafted:
            blocks.append(Block("placeholder", _("[Nội dung do đơn vị bổ sung: %(hint)s]") % {"hint": item.hint},
                                item.key))
    return blocks


def build_narrative(data: dict, unit: UnitFacts, texts: dict[str, str] | None = None, **kwargs) -> list[str]:
    """The report body as a list of plain-text paragraphs (headings included)."""
    return [block.text for block in build_blocks(data, unit, texts, **kwargs)]
