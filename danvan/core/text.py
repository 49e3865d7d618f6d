"""Text normalisation: NFC for storage, diacritic-free folding for search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


@lru_cache(maxsize=65536)  # pure, and called for every cell of an import: labels and codes repeat
def fold(value: str) -> str:
    """Lower-case, strip diacritics (đ -> d), collapse spaces: "Hậu Giang" -> "hau giang"."""
    value = unicodedata.normalize("NFD", value or "").lower().replace("đ", "d").replace("\u0111", "d")
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", value).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a search query; every one must match."""
    return [t for t in fold(query).split(" ") if t]
