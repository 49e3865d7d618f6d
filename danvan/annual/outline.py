"""The outline of an annual summary report (báo cáo tổng kết công tác dân vận năm).

Part One assesses the year (I. situation; II. dân vận work of the political system; III. the
commission's own activities; IV. limitations, causes, lessons); Part Two sets next year's tasks.
Sections marked `figures` receive sentences built from the live figures; every section carries
an editable text (versioned drafts) for what the system cannot know.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # lazy string; may contain %(year)s / %(next_year)s
    level: int  # 1 = part, 2 = roman numeral heading, 3 = numbered sub-heading
    editable: bool = True
    figures: bool = False
    hint: object = ""


PART_ONE = "part1"
PART_TWO = "part2"

SECTIONS: list[Section] = [
    Section(PART_ONE, _("Phần thứ nhất. KẾT QUẢ CÔNG TÁC DÂN VẬN NĂM %(year)s"), 1, editable=False),
    Section("situation", _("I. TÌNH HÌNH CHUNG"), 2,
            hint=_("Tình hình kinh tế - xã hội, quốc phòng, an ninh; tư tưởng, tâm trạng, nguyện vọng và những "
                   "vấn đề bức xúc của Nhân dân.")),
    Section("political_system", _("II. CÔNG TÁC DÂN VẬN CỦA HỆ THỐNG CHÍNH TRỊ"), 2, editable=False),
    Section("party", _("1. Công tác dân vận của cấp ủy, tổ chức đảng"), 3, figures=True,
            hint=_("Lãnh đạo, chỉ đạo, ban hành văn bản; học tập, quán triệt nghị quyết; sơ kết, tổng kết.")),
    Section("government", _("2. Công tác dân vận của chính quyền"), 3, figures=True,
            hint=_("Cải cách hành chính; tiếp công dân, đối thoại; giải quyết kiến nghị, đơn thư.")),
    Section("front", _("3. Công tác dân vận của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội"), 3,
            figures=True, hint=_("Các cuộc vận động, phong trào thi đua; giám sát, phản biện xã hội.")),
    Section("ethnic_religion", _("4. Công tác dân tộc, tôn giáo"), 3,
            hint=_("Tình hình đồng bào dân tộc thiểu số, đồng bào có đạo; chính sách dân tộc, tôn giáo.")),
    Section("dvk", _("5. Phong trào thi đua “Dân vận khéo”"), 3, figures=True,
            hint=_("Đánh giá chất lượng mô hình, điển hình; cách làm hay.")),
    Section("commission", _("III. HOẠT ĐỘNG CỦA BAN DÂN VẬN"), 2,
            hint=_("Tham mưu, hướng dẫn, kiểm tra, giám sát; phối hợp; xây dựng cơ quan.")),
    Section("limitations", _("IV. HẠN CHẾ, NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM"), 2,
            hint=_("Những hạn chế, yếu kém; nguyên nhân khách quan, chủ quan; bài học kinh nghiệm; đề xuất, kiến "
                   "nghị.")),
    Section(PART_TWO, _("Phần thứ hai. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM %(next_year)s"), 1,
            hint=_("Phương hướng chung; nhiệm vụ, giải pháp cụ thể, thời gian thực hiện.")),
]

SECTION_KEYS = [section.key for section in SECTIONS]
EDITABLE_KEYS = [section.key for section in SECTIONS if section.editable]


def section(key: str) -> Section:
    for item in SECTIONS:
        if item.key == key:
            return item
    raise KeyError(key)


def section_title(item: Section, year: int) -> str:
    return str(item.title) % {"year": year, "next_year": year + 1} if "%(" in str(item.title) else str(item.title)
