"""Sentences of the annual report built from the figures, in the style of the national reports.

Pure functions: they take the engine's `annual_figures` dict (plus a few facts about the unit) and
return plain Vietnamese text. A sentence whose figures are all zero or missing is left out rather
than printed as "0"; a comparison with the previous year is added only where that year has data.

    Năm 2023, cả nước có 183.676 mô hình “Dân vận khéo” được đăng ký, trong đó, các cấp có thẩm quyền
    đã công nhận 120.622 mô hình, gồm 75.340 mô hình tập thể, 45.282 mô hình cá nhân.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from danvan.core.formatting import format_change, format_money_words, format_number, format_percent

from . import outline

LEVELS = ["central", "province", "district", "commune"]

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


@dataclass(frozen=True)
class UnitFacts:
    """What the sentences need to know about the unit (kept small so tests can build it by hand)."""

    key: str
    name: str
    kind: str  # nation, province, district, commune, party_org, ...
    level: str = ""
    type_name: str = ""

    @classmethod
    def of(cls, unit) -> UnitFacts:
        return cls(key=unit.key, name=unit.name, kind=unit.kind, level=unit.level, type_name=unit.type_name or "")


def area_word(unit: UnitFacts) -> str:
    """"cả nước", "toàn tỉnh", "toàn thành phố", "toàn huyện", "toàn xã", "toàn phường"…"""
    if unit.kind == "nation":
        return _("cả nước")
    type_name = unit.type_name.strip().lower()
    if unit.kind in ("province", "district", "commune"):
        if type_name:
            return _("toàn %(type)s") % {"type": type_name}
        return {"province": _("toàn tỉnh"), "district": _("toàn huyện"), "commune": _("toàn xã")}[unit.kind]
    if unit.kind in ("party_org", "commission"):
        return _("toàn Đảng bộ")
    return _("toàn đơn vị")


def number(values: dict | None, code: str) -> Decimal:
    """The figure as a Decimal; missing, empty or malformed values count as zero."""
    if not values:
        return Decimal(0)
    raw = values.get(code)
    if raw in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def recognised(values: dict | None) -> Decimal:
    total = number(values, "dvk.recognised")
    if total:
        return total
    return number(values, "dvk.recognised.collective") + number(values, "dvk.recognised.individual")


def _n(value: Decimal) -> str:
    return format_number(value)


def _change_phrase(current: Decimal, previous: Decimal) -> str:
    phrase = format_change(current, previous)
    if phrase == "bằng năm trước":
        return _("không thay đổi")
    return phrase


def comparison_sentence(year: int, pairs: list[tuple[str, Decimal, Decimal]]) -> str:
    """"So với năm 2022, số mô hình đăng ký tăng 12,3%, …." for the pairs whose previous value is known."""
    parts = []
    for label, current, previous in pairs:
        if previous and current:
            parts.append(_("%(what)s %(change)s") % {"what": label, "change": _change_phrase(current, previous)})
    if not parts:
        # Missing is not zero: no change is computed from a year without data; the text says so.
        if any(current for _label, current, _previous in pairs):
            return _("Chưa có số liệu năm %(year)s để so sánh.") % {"year": year - 1}
        return ""
    return _("So với năm %(year)s, %(parts)s.") % {"year": year - 1, "parts": ", ".join(parts)}


# --- one function per paragraph -------------------------------------------------------------------

def dvk_paragraph(data: dict, unit: UnitFacts) -> str:
    """DVK models, then competitions, media and commendations (the seeds print them together)."""
    figures, previous, year = data.get("figures") or {}, data.get("previous_year") or {}, int(data["year"])
    registered = number(figures, "dvk.registered")
    collective = number(figures, "dvk.recognised.collective")
    individual = number(figures, "dvk.recognised.individual")
    total = recognised(figures)
    area = area_word(unit)
    sentences = []
    parts = []
    if collective:
        parts.append(_("%(n)s mô hình tập thể") % {"n": _n(collective)})
    if individual:
        parts.append(_("%(n)s mô hình cá nhân") % {"n": _n(individual)})
    made_of = (_(", gồm %(parts)s") % {"parts": ", ".join(parts)}) if parts else ""
    if registered and total:
        sentences.append(_(
            "Năm %(year)s, %(area)s có %(registered)s mô hình “Dân vận khéo” được đăng ký, trong đó, các cấp có "
            "thẩm quyền đã công nhận %(recognised)s mô hình%(made_of)s.") % {
            "year": year, "area": area, "registered": _n(registered), "recognised": _n(total), "made_of": made_of})
    elif registered:
        sentences.append(_("Năm %(year)s, %(area)s có %(registered)s mô hình “Dân vận khéo” được đăng ký.") % {
            "year": year, "area": area, "registered": _n(registered)})
    elif total:
        sentences.append(_(
            "Năm %(year)s, %(area)s có %(recognised)s mô hình “Dân vận khéo” được các cấp có thẩm quyền công "
            "nhận%(made_of)s.") % {"year": year, "area": area, "recognised": _n(total), "made_of": made_of})

    competition, media = number(figures, "competition"), number(figures, "media")
    comm_c, comm_i = number(figures, "commendation.collective"), number(figures, "commendation.individual")
    items = []
    if competition:
        items.append(_("%(n)s cuộc thi, hội thi về CTDV, Dân vận khéo") % {"n": _n(competition)})
    if media:
        items.append(_("%(n)s tin, bài, phóng sự về CTDV") % {"n": _n(media)})
    if comm_c and comm_i:
        items.append(_("%(c)s tập thể và %(i)s cá nhân được khen thưởng, biểu dương vì có thành tích trong CTDV")
                     % {"c": _n(comm_c), "i": _n(comm_i)})
    elif comm_c:
        items.append(_("%(c)s tập thể được khen thưởng, biểu dương vì có thành tích trong CTDV") % {"c": _n(comm_c)})
    elif comm_i:
        items.append(_("%(i)s cá nhân được khen thưởng, biểu dương vì có thành tích trong CTDV") % {"i": _n(comm_i)})
    if items:
        sentences.append(_("Có %(items)s.") % {"items": "; ".join(items)})

    compare = comparison_sentence(year, [
        (_("số mô hình đăng ký"), registered, number(previous, "dvk.registered")),
        (_("số mô hình được công nhận"), total, recognised(previous)),
        (_("số tập thể, cá nhân được khen thưởng"), comm_c + comm_i,
         number(previous, "commendation.collective") + number(previous, "commendation.individual")),
    ])
    if compare:
        sentences.append(compare)
    return " ".join(sentences)


def conference_paragraph(data: dict, unit: UnitFacts) -> str:
    figures, previous, year = data.get("figures") or {}, data.get("previous_year") or {}, int(data["year"])
    count = number(figures, "conference.dissemination")
    attendees = number(figures, "conference.dissemination.attendees")
    if not count and not attendees:
        return ""
    subject = _("Cấp ủy, chi bộ") if unit.kind == "commune" else _("Các cấp ủy, tổ chức đảng")
    purpose = _("để học tập, quán triệt, triển khai các nghị quyết, quy định, hướng dẫn của Trung ương về CTDV, dân "
                "tộc, tôn giáo, thực hiện dân chủ ở cơ sở")
    if count and attendees:
        what = _("%(count)s hội nghị với %(attendees)s lượt người tham dự") % {
            "count": _n(count), "attendees": _n(attendees)}
    elif count:
        what = _("%(count)s hội nghị") % {"count": _n(count)}
    else:
        what = _("các hội nghị với %(attendees)s lượt người tham dự") % {"attendees": _n(attendees)}
    sentence = _("%(subject)s đã chỉ đạo, tổ chức %(what)s %(purpose)s.") % {
        "subject": subject, "what": what, "purpose": purpose}
    compare = comparison_sentence(year, [
        (_("số hội nghị"), count, number(previous, "conference.dissemination")),
        (_("số lượt người tham dự"), attendees, number(previous, "conference.dissemination.attendees")),
    ])
    return " ".join(s for s in (sentence, compare) if s)


LEVEL_WORDS = {"central": "cấp trung ương", "province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}


def dialogue_paragraph(data: dict, unit: UnitFacts) -> str:
    """"Năm 2023, toàn tỉnh tổ chức 143 cuộc (trong đó cấp tỉnh 5 cuộc, cấp huyện 23 cuộc, cấp xã 115 cuộc)…"."""
    figures, previous, year = data.get("figures") or {}, data.get("previous_year") or {}, int(data["year"])
    total = number(figures, "dialogue")
    if not total:
        return ""
    split = (data.get("by_level") or {}).get("dialogue") or {}
    parts = [_("%(level)s %(n)s cuộc") % {"level": _(LEVEL_WORDS[level]), "n": _n(number(split, level))}
             for level in LEVELS if number(split, level)]
    detail = (_(" (trong đó %(parts)s)") % {"parts": ", ".join(parts)}) if len(parts) > 1 else ""
    change = ""
    before = number(previous, "dialogue")
    if before:
        change = _(", %(change)s so với năm %(year)s") % {"change": _change_phrase(total, before), "year": year - 1}
    lead = _("Người đứng đầu cấp ủy, chính quyền tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân.")
    sentence = _("Năm %(year)s, %(area)s tổ chức %(n)s cuộc%(detail)s%(change)s.") % {
        "year": year, "area": area_word(unit), "n": _n(total), "detail": detail, "change": change}
    return f"{lead} {sentence}"


def petition_paragraph(data: dict, unit: UnitFacts) -> str:
    figures, previous, year = data.get("figures") or {}, data.get("previous_year") or {}, int(data["year"])
    received, resolved = number(figures, "petition.received"), number(figures, "petition.resolved")
    if not received and not resolved:
        return ""
    if received and resolved:
        sentence = _("Các cơ quan, đơn vị đã tiếp nhận %(received)s đơn thư, kiến nghị của Nhân dân, đã giải quyết "
                     "%(resolved)s đơn (đạt %(rate)s).") % {
            "received": _n(received), "resolved": _n(resolved), "rate": format_percent(resolved / received)}
    elif received:
        sentence = _("Các cơ quan, đơn vị đã tiếp nhận %(received)s đơn thư, kiến nghị của Nhân dân.") % {
            "received": _n(received)}
    else:
        sentence = _("Các cơ quan, đơn vị đã giải quyết %(resolved)s đơn thư, kiến nghị của Nhân dân.") % {
            "resolved": _n(resolved)}
    compare = comparison_sentence(year, [
        (_("số đơn thư tiếp nhận"), received, number(previous, "petition.received")),
        (_("số đơn thư đã giải quyết"), resolved, number(previous, "petition.resolved")),
    ])
    return " ".join(s for s in (sentence, compare) if s)


def campaign_paragraph(data: dict, unit: UnitFacts) -> str:
    figures, previous, year = data.get("figures") or {}, data.get("previous_year") or {}, int(data["year"])
    money, houses = number(figures, "campaign.money.received"), number(figures, "campaign.houses.completed")
    parts = []
    if money:
        parts.append(_("vận động được %(money)s ủng hộ các quỹ, chương trình an sinh xã hội") % {
            "money": format_money_words(money)})
    if houses:
        parts.append(_("hoàn thành, bàn giao %(n)s căn nhà Đại đoàn kết, nhà tình nghĩa, nhà tình thương") % {
            "n": _n(houses)})
    if not parts:
        return ""
    sentence = _("Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội %(parts)s.") % {"parts": "; ".join(parts)}
    compare = comparison_sentence(year, [
        (_("số tiền vận động"), money, number(previous, "campaign.money.received")),
        (_("số căn nhà hoàn thành"), houses, number(previous, "campaign.houses.completed")),
    ])
    return " ".join(s for s in (sentence, compare) if s)


FIGURE_PARAGRAPHS = {
    "party": [conference_paragraph],
    "government": [dialogue_paragraph, petition_paragraph],
    "front": [campaign_paragraph],
    "dvk": [dvk_paragraph],
}


@dataclass(frozen=True)
class Block:
    """One piece of the document: a heading (level 1–3), a generated paragraph, or the user's text."""

    kind: str  # "heading" | "figures" | "text" | "placeholder"
    text: str
    section: str
    level: int = 0


def build_blocks(data: dict, unit: UnitFacts, texts: dict[str, str] | None = None,
                 *, placeholders: bool = True) -> list[Block]:
    """The whole report body in order: headings, figure sentences, then the section's own text."""
    texts = texts or {}
    year = int(data["year"])
    blocks: list[Block] = []
    for item in outline.SECTIONS:
        blocks.append(Block("heading", outline.section_title(item, year), item.key, item.level))
        for build in FIGURE_PARAGRAPHS.get(item.key, []):
            paragraph = build(data, unit)
            if paragraph:
                blocks.append(Block("figures", paragraph, item.key))
        text = (texts.get(item.key) or "").strip()
        if text:
            blocks.extend(Block("text", para.strip(), item.key) for para in text.splitlines() if para.strip())
        elif item.editable and placeholders and not any(b.section == item.key and b.kind == "figures"
                                                        for b in blocks):
            blocks.append(Block("placeholder", _("[Nội dung do đơn vị bổ sung: %(hint)s]") % {"hint": item.hint},
                                item.key))
    return blocks


def build_narrative(data: dict, unit: UnitFacts, texts: dict[str, str] | None = None,
                    *, placeholders: bool = True) -> list[str]:
    """The report body as a list of plain-text paragraphs (headings included)."""
    return [block.text for block in build_blocks(data, unit, texts, placeholders=placeholders)]
