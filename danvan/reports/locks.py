"""Hooks other apps use to lock figures (an accepted periodic report) and to approve them.

    register_lock_checker(fn)       fn(unit, period_code) -> Vietnamese reason | None
    register_approval_checker(fn)   fn(unit, period_code) -> bool (report of that unit/period approved)

Entry services ask `lock_reason` for the period itself and every period containing it (a value
for 2023Q3 changes the accepted 2023 report too). With `settings.APPROVED_FIGURES_ONLY`, a child
unit's figures count in its parent's only when `is_approved(child, period)` says so.
"""

from __future__ import annotations

from collections.abc import Callable

from .periods import parse_period

_LOCK_CHECKERS: list[Callable] = []
_APPROVAL_CHECKERS: list[Callable] = []


def register_lock_checker(fn: Callable) -> None:
    if fn not in _LOCK_CHECKERS:
        _LOCK_CHECKERS.append(fn)


def unregister_lock_checker(fn: Callable) -> None:
    if fn in _LOCK_CHECKERS:
        _LOCK_CHECKERS.remove(fn)


def register_approval_checker(fn: Callable) -> None:
    if fn not in _APPROVAL_CHECKERS:
        _APPROVAL_CHECKERS.append(fn)


def unregister_approval_checker(fn: Callable) -> None:
    if fn in _APPROVAL_CHECKERS:
        _APPROVAL_CHECKERS.remove(fn)


def lock_reason(unit, period_code: str) -> str | None:
    """The first reason a checker gives for `unit`/`period_code` (or an enclosing period) being locked."""
    if not _LOCK_CHECKERS:
        return None
    try:
        period = parse_period(period_code)
        codes = [period.code] + [p.code for p in period.enclosing()]
    except ValueError:
        codes = [period_code]
    for code in codes:
        for checker in list(_LOCK_CHECKERS):
            reason = checker(unit, code)
            if reason:
                return str(reason)
    return None


def has_approval_checkers() -> bool:
    return bool(_APPROVAL_CHECKERS)


def is_approved(unit, period_code: str) -> bool:
    """True when some approval checker says the unit's report for the period is approved."""
    return any(checker(unit, period_code) for checker in list(_APPROVAL_CHECKERS))


def lock_reasons(pairs: list[tuple]) -> dict[tuple[int, str], str]:
    """`lock_reason` for many (unit, period code) pairs at once: {(unit id, code): reason} of the locked ones.

    A checker may offer `checker.bulk(units_by_id, codes) -> {(unit id, code): reason}` (one query for
    a whole import); others are asked pair by pair.
    """
    if not _LOCK_CHECKERS or not pairs:
        return {}
    enclosing: dict[str, list[str]] = {}
    for _unit, code in pairs:
        if code not in enclosing:
            try:
                period = parse_period(code)
                enclosing[code] = [period.code] + [p.code for p in period.enclosing()]
            except ValueError:
                enclosing[code] = [code]
    units = {unit.pk: unit for unit, _code in pairs}
    all_codes = sorted({c for codes in enclosing.values() for c in codes})
    found: dict[tuple[int, str], str] = {}
    for checker in list(_LOCK_CHECKERS):
        bulk = getattr(checker, "bulk", None)
        if bulk is not None:
            locked = bulk(units, all_codes)
            for unit, code in pairs:
                key = (unit.pk, code)
                if key in found:
                    continue
                for candidate in enclosing[code]:
                    reason = locked.get((unit.pk, candidate))
                    if reason:
                        found[key] = str(reason)
                        break
        else:
            for unit, code in pairs:
                key = (unit.pk, code)
                if key in found:
                    continue
                for candidate in enclosing[code]:
                    reason = checker(unit, candidate)
                    if reason:
                        found[key] = str(reason)
                        break
    return found
