"""Demo content: the portal's sections and the seed articles (real published news about the work), with
their dates, sections, authors and sources; and the demo editors' Wagtail groups. Idempotent."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from danvan.core.demo import DEMO_PROVINCE
from danvan.orgunits.models import OrgUnit

from .models import ArticleDayViews, ArticlePage, PortalHomePage, SectionPage
from .text import vn_slug

ARTICLES_DIR = Path(__file__).parent / "demo_articles"
STOP_LINES = {"Tin cùng chuyên mục", "Các tin khác", "Các bài viết khác", "Ý kiến bạn đọc", "Phản hồi",
              "Thông tin người gửi phản hồi", "Xem nhiều nhất", "Tổng lượt bình luận", "Tin khác"}
CAPTION = re.compile(r"\(Ảnh:|ảnh \d")

# (slug, title, unit key, intro)
SECTIONS = [
    ("tin-hoat-dong", "Hoạt động công tác dân vận", "VN", "Hội nghị, sự kiện của Ban Dân vận Trung ương."),
    ("dan-van-kheo", "Dân vận khéo", "VN", "Phong trào thi đua “Dân vận khéo” và các mô hình, điển hình."),
    ("dang-bo-khoi", "Đảng bộ Khối các cơ quan Trung ương", "VN",
     "Công tác dân vận trong Đảng bộ Khối các cơ quan Trung ương."),
    ("can-tho", "Thành phố Cần Thơ", DEMO_PROVINCE, "Tin công tác dân vận của Thành phố Cần Thơ."),
]


@dataclass
class Seed:
    file: str
    section: str
    date: datetime.datetime
    title_line: int
    source: str
    author: str = ""
    sapo_line: int | None = None
    tags: list[str] = field(default_factory=list)
    views: int = 0
    featured: bool = False


def _at(y, m, d, hh=8, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=timezone.get_default_timezone())


SEEDS = [
    Seed("000_14f265f80643b329.txt", "tin-hoat-dong", _at(2023, 12, 6, 9, 15), 1, "Ban Dân vận Trung ương",
         tags=["tổng kết", "Ban Dân vận Trung ương"]),
    Seed("001_1c6c93cc2e05bf54.txt", "dan-van-kheo", _at(2021, 2, 27, 7, 30), 2, "Thanhuytphcm.vn", "S.Hải",
         tags=["Dân vận khéo", "tôn vinh"]),
    Seed("002_c6b74dc265e1afee.txt", "tin-hoat-dong", _at(2024, 12, 25, 10, 0), 1, "Ban Dân vận Trung ương",
         tags=["hội nghị toàn quốc", "tổng kết"], featured=True),
    Seed("003_c84890d049f516b2.txt", "dang-bo-khoi", _at(2022, 4, 1, 16, 20), 0, "TTXVN/Vietnam+", sapo_line=2,
         tags=["Đảng bộ Khối các cơ quan Trung ương"]),
    Seed("004_658dbd09afe9cedb.txt", "dang-bo-khoi", _at(2017, 12, 28, 15, 0), 0,
         "Đảng ủy Khối các cơ quan Trung ương", "Thu Hà", tags=["tổng kết"], views=3091),
]


def parse(seed: Seed) -> tuple[str, str, list[str]]:
    """(title, sapo, paragraphs) of a seed text: captions, link lines and page furniture left out."""
    lines = [line.strip() for line in (ARTICLES_DIR / seed.file).read_text(encoding="utf-8").splitlines()]
    title = lines[seed.title_line]
    paragraphs = []
    for number, line in enumerate(lines[seed.title_line + 1:], start=seed.title_line + 1):
        if line in STOP_LINES:
            break
        if number == seed.sapo_line or len(line) < 80 or line.startswith("[") or CAPTION.search(line):
            continue
        paragraphs.append(line)
    sapo = lines[seed.sapo_line] if seed.sapo_line is not None else paragraphs.pop(0)
    return title, sapo, paragraphs


def _home() -> PortalHomePage:
    return PortalHomePage.objects.first()


def load_sections() -> dict[str, SectionPage]:
    home = _home()
    result = {}
    for slug, title, unit_key, intro in SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = home.add_child(instance=SectionPage(title=title, slug=slug, intro=intro,
                                                          unit=OrgUnit.objects.get(key=unit_key)))
            section.save_revision().publish()
        result[slug] = section
    return result


def load_articles(sections: dict[str, SectionPage]) -> int:
    from django.utils.html import escape

    created = 0
    for seed in SEEDS:
        title, sapo, paragraphs = parse(seed)
        section = sections[seed.section]
        slug = vn_slug(title)
        if ArticlePage.objects.child_of(section).filter(slug=slug).exists():
            continue
        page = ArticlePage(title=title, slug=slug, sapo=sapo, author=seed.author, source=seed.source,
                           date=seed.date, featured=seed.featured,
                           body=[("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs])
        section.add_child(instance=page)
        page.tags.add(*seed.tags)
        page.first_published_at = seed.date
        page.save_revision().publish()
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=seed.date)
        if seed.views:
            ArticleDayViews.objects.get_or_create(page=page, day=timezone.localdate(seed.date),
                                                  defaults={"count": seed.views})
        created += 1
    return created


def load_demo_data() -> str:
    from .editors import sync_all

    sections = load_sections()
    created = load_articles(sections)
    sync_all()
    return f"Cổng thông tin: {len(sections)} chuyên mục, {created} bài mới."
