"""Slugs and search text for the portal, built on danvan's diacritic folding."""

from __future__ import annotations

import re

from django.utils.html import strip_tags
from django.utils.text import slugify

from danvan.core.text import fold

_NON_WORD = re.compile(r"[^\w\s-]")


def vn_slug(value: str, max_length: int = 100) -> str:
    """"Dân vận khéo" -> "dan-van-kheo" (đ becomes d, not nothing as with Django's slugify); long titles are
    cut at a word boundary."""
    slug = slugify(_NON_WORD.sub(" ", fold(value)))
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug.strip("-")


def folded_text(*parts: str) -> str:
    """Lower-case text without diacritics or tags, the column every portal search filters on."""
    return fold(" ".join(strip_tags(part or "") for part in parts))
