"""The outline of a report, which follows the issuing body.

- territorial (the nation, a province, a pre-2025 district): Part One I–IV, Part Two;
- central Party organisations with no government of their own (Đảng ủy Khối …): no "chính quyền" section;
  their dân vận has two aims (seed 003): the agencies' own staff, and the sector's dân vận nationwide;
- the Fatherland Front and the organisations: their members, campaigns and supervision;
- communes (Đảng ủy xã; from 01/7/2025 its Ban Xây dựng Đảng advises on dân vận).

Part One assesses the period; Part Two sets the next period's tasks and is left out for a unit that ended
before it. Section titles carry the body's name at the report date (Ban Dân vận before 03/02/2025, Ban
Tuyên giáo và Dân vận after). Section keys are stable across outlines: each key is one editable text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # lazy string; may contain %(year)s / %(next_year)s / %(commission)s / %(period)s
    level: int  # 1 = part, 2 = roman numeral heading, 3 = numbered sub-heading
    editable: bool = True
    figures: bool = False
    hint: object = ""


PART_ONE = "part1"
PART_TWO = "part2"

TERRITORIAL, CENTRAL_PARTY, FRONT, COMMUNE = "territorial", "central_party", "front", "commune"

_HINT_SITUATION = _("Tình hình kinh tế - xã hội, quốc phòng, an ninh; tư tưởng, tâm trạng, nguyện vọng và những vấn "
                    "đề bức xúc của Nhân dân.")
_HINT_LIMITS = _("Những hạn chế, yếu kém; nguyên nhân khách quan, chủ quan; bài học kinh nghiệm; đề xuất, kiến nghị.")
_HINT_NEXT = _("Phương hướng chung; nhiệm vụ, giải pháp cụ thể, thời gian thực hiện.")

ALL: dict[str, Section] = {s.key: s for s in [
    Section(PART_ONE, _("KẾT QUẢ CÔNG TÁC DÂN VẬN %(period)s"), 1, editable=False),
    Section("situation", _("I. TÌNH HÌNH CHUNG"), 2, hint=_HINT_SITUATION),
    Section("political_system", _("II. CÔNG TÁC DÂN VẬN CỦA HỆ THỐNG CHÍNH TRỊ"), 2, editable=False),
    Section("party", _("1. Công tác dân vận của cấp ủy, tổ chức đảng"), 3, figures=True,
            hint=_("Lãnh đạo, chỉ đạo, ban hành văn bản; học tập, quán triệt nghị quyết; sơ kết, tổng kết.")),
    Section("government", _("2. Công tác dân vận của chính quyền"), 3, figures=True,
            hint=_("Cải cách hành chính; tiếp công dân, đối thoại; giải quyết kiến nghị, đơn thư.")),
    Section("agencies", _("2. Công tác dân vận trong cơ quan, đơn vị và dân vận của ngành"), 3, figures=True,
            hint=_("Thực hiện dân chủ ở cơ sở, chăm lo đời sống cán bộ, công chức, viên chức, người lao động; tham "
                   "mưu, xây dựng thể chế, chính sách có tác động đến Nhân dân trên phạm vi cả nước.")),
    Section("front", _("3. Công tác dân vận của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"), 3,
            figures=True, hint=_("Các cuộc vận động, phong trào thi đua; giám sát, phản biện xã hội.")),
    Section("members", _("1. Tuyên truyền, vận động đoàn viên, hội viên và Nhân dân"), 3, figures=True,
            hint=_("Nắm tình hình, tuyên truyền, phát triển đoàn viên, hội viên.")),
    Section("campaigns", _("2. Các cuộc vận động, phong trào thi đua"), 3, figures=True,
            hint=_("Kết quả các cuộc vận động, phong trào; an sinh xã hội.")),
    Section("supervision", _("3. Giám sát, phản biện xã hội"), 3,
            hint=_("Giám sát, phản biện xã hội; tham gia góp ý xây dựng Đảng, xây dựng chính quyền.")),
    Section("ethnic_religion", _("4. Công tác dân tộc, tôn giáo"), 3,
            hint=_("Tình hình đồng bào dân tộc thiểu số, đồng bào có đạo; chính sách dân tộc, tôn giáo.")),
    Section("dvk", _("5. Phong trào thi đua “Dân vận khéo” và khen thưởng"), 3, figures=True,
            hint=_("Đánh giá chất lượng mô hình, điển hình; cách làm hay.")),
    Section("commission", _("III. HOẠT ĐỘNG CỦA %(commission)s"), 2, figures=True,
            hint=_("Tham mưu, hướng dẫn, kiểm tra, giám sát; phối hợp; xây dựng cơ quan.")),
    Section("limitations", _("IV. HẠN CHẾ, NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM"), 2, hint=_HINT_LIMITS),
    Section(PART_TWO, _("%(next_title)s"), 1, hint=_HINT_NEXT),
]}

OUTLINES: dict[str, list[str]] = {
    TERRITORIAL: [PART_ONE, "situation", "political_system", "party", "government", "front", "ethnic_religion", "dvk",
                  "commission", "limitations", PART_TWO],
    CENTRAL_PARTY: [PART_ONE, "situation", "political_system", "party", "agencies", "front", "dvk", "commission",
                    "limitations", PART_TWO],
    FRONT: [PART_ONE, "situation", "political_system", "members", "campaigns", "supervision", "dvk", "limitations",
            PART_TWO],
    COMMUNE: [PART_ONE, "situation", "political_system", "party", "government", "front", "dvk", "commission",
              "limitations", PART_TWO],
}
# Renumbered titles where an outline leaves a section out (the numbering stays 1., 2., 3. …).
NUMBERED = {
    CENTRAL_PARTY: {"front": "3.", "dvk": "4."},
    FRONT: {"dvk": "4.", "limitations": "III."},
    COMMUNE: {"dvk": "4."},
}

SECTION_KEYS = list(ALL)
EDITABLE_KEYS = [key for key, item in ALL.items() if item.editable]
SECTIONS = [ALL[key] for key in OUTLINES[TERRITORIAL]]  # the default outline (older callers)


def kind_of(unit) -> str:
    if unit.kind == "commune":
        return COMMUNE
    if unit.kind in ("front", "organisation"):
        return FRONT
    if unit.kind in ("party_org", "commission", "army", "other"):
        return CENTRAL_PARTY
    return TERRITORIAL


def sections(kind: str = TERRITORIAL, *, with_next: bool = True) -> list[Section]:
    keys = OUTLINES.get(kind, OUTLINES[TERRITORIAL])
    return [ALL[key] for key in keys if with_next or key != PART_TWO]


def section(key: str) -> Section:
    return ALL[key]


def section_title(item: Section, year: int, *, kind: str = TERRITORIAL, half: int = 0,
                  commission: str = "BAN DÂN VẬN") -> str:
    text = str(item.title)
    if half:
        period, next_title = (_("6 THÁNG ĐẦU NĂM %(year)s") % {"year": year},
                              _("NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM %(year)s") % {"year": year})
    else:
        period, next_title = (_("NĂM %(year)s") % {"year": year},
                              _("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM %(year)s") % {"year": year + 1})
    if "%(" in text:
        text = text % {"year": year, "next_year": year + 1, "period": period, "next_title": next_title,
                       "commission": commission.upper()}
    if kind == COMMUNE and item.key == "commission":
        # A commune's Ban Xây dựng Đảng (before 01/7/2025 its khối dân vận) does more than dân vận.
        text = str(_("III. HOẠT ĐỘNG CỦA %(commission)s VỀ CÔNG TÁC DÂN VẬN")) % {"commission": commission.upper()}
    number = NUMBERED.get(kind, {}).get(item.key)
    if number:
        text = number + " " + text.split(" ", 1)[1]
    return text


def part_label(key: str) -> str:
    """"PHẦN THỨ NHẤT" / "PHẦN THỨ HAI" printed on its own line above the part title."""
    return str(_("PHẦN THỨ NHẤT")) if key == PART_ONE else str(_("PHẦN THỨ HAI")) if key == PART_TWO else ""
