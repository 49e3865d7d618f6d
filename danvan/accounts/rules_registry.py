""""Dân vận khéo" recognition rules of the gatekeeper: who recognises a model at a level, records a past
recognition, scores an assessment.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from danvan.orgunits.models import OrgUnit

from .permissions import (
    APPROVE,
    WRITE,
    _inside,
    _superuser,
    can,
    grants,
)

# --- recognition levels (Dân vận khéo) ------------------------------------------------------------------

LEVEL_RANK = {"commune": 1, "district": 2, "province": 3, "central": 4}


def can_recognise(user, unit: OrgUnit, level: str) -> bool:
    """Recognition at `level` needs an approver membership at exactly that level whose subtree holds the unit."""
    if _superuser(user):
        return True
    return any(APPROVE in g.actions and g.level == level and _inside(unit, g.path) for g in grants(user))


def can_record_recognition(user, unit: OrgUnit, level: str) -> bool:
    """Imports record past decisions: an approver at that level or above, whose subtree holds the unit."""
    if _superuser(user):
        return True
    rank = LEVEL_RANK.get(level, 99)
    return any(APPROVE in g.actions and LEVEL_RANK.get(g.level, 0) >= rank and _inside(unit, g.path)
               for g in grants(user))


def can_assess(user, unit: OrgUnit) -> bool:
    """Score a model under assessment: an approver of its unit or above, or an officer of a unit above it
    (the assessing council sits above the registering unit)."""
    return can(user, APPROVE, unit) or (can(user, WRITE, unit, on_behalf=True) and not can(user, WRITE, unit))
