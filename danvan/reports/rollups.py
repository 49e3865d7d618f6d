"""Pre-aggregated roll-ups (filled in below)."""

from __future__ import annotations


def usable() -> bool:
    return False


def as_of() -> str | None:
    return None


def refresh(keys) -> None:
    return None


def level_totals(ancestor_ids, years, codes, boundaries) -> dict:
    return {}


def facts_changed(removed, added) -> None:
    return None
