"""III — the commission's own work (tham mưu, hướng dẫn, kiểm tra). Its document register and projects are
not in the reporting engine yet, so this section is left to people (a marked placeholder); no sentence
is drafted from figures that belong to the whole area."""

from __future__ import annotations

from .words import Context


def paragraphs(ctx: Context) -> list[str]:
    return []
