"""Gatekeeper rules for records read across units: campaigns (organiser's subtree and participants), documents
(a unit reads the documents of every unit above it) and dialogue commitments (also their responsible unit).

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.db.models import Q

from danvan.orgunits.models import OrgUnit

from .permissions import (
    VIEW,
    WRITE,
    can,
    grants,
    scope_q,
)

# --- across units: campaigns and documents -------------------------------------------------------------

def path_prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def campaign_visibility_q(user) -> Q | None:
    """Campaigns a user may read: organised inside their scope, or with a participating root or listed unit
    inside their scope or at/above one of their units. None = all. (Evaluate over `Campaign`.)"""
    organised = scope_q(user, VIEW, prefix="unit__")
    if organised is None:
        return None
    condition = organised
    for prefix in ("participant_root__", "participant_units__"):
        condition |= scope_q(user, VIEW, prefix=prefix) or Q()
    above = {p for g in grants(user) if VIEW in g.actions for p in path_prefixes(g.path)}
    if above:
        condition |= Q(participant_root__path__in=above) | Q(participant_units__path__in=above)
    return condition


def can_view_campaign_unit(user, campaign, unit: OrgUnit) -> bool:
    """May the user see a campaign's progress restricted to `unit`? Units they may read, and the campaign's
    participants (a commune compares itself with the others taking part)."""
    return can(user, VIEW, unit) or campaign.includes_unit(unit)


def can_act_on_campaign(user, campaign) -> bool:
    """Edit a campaign, its targets and links: its organiser, or a unit above it on behalf."""
    return can(user, WRITE, campaign.unit, on_behalf=True)


def document_visibility_q(user) -> Q | None:
    """Documents a user may read: those registered in their subtree, plus those of every unit above their
    units (a commune implements the central and provincial documents, not another province's). None = all."""
    inside = scope_q(user, VIEW, prefix="unit__")
    if inside is None:
        return None
    above = {key for g in grants(user) for key in g.path.split("/") if key}
    return inside | Q(unit__key__in=above)


def can_act_on_document(user, document, unit: OrgUnit) -> bool:
    """Record a requirement, plan, review or project of `unit` against `document`: the document is visible to
    the user and the user writes for `unit` (own unit, or below it on behalf)."""
    if not can(user, WRITE, unit, on_behalf=True):
        return False
    condition = document_visibility_q(user)
    return condition is None or type(document).objects.filter(condition, pk=document.pk).exists()


def can_update_commitment(user, commitment) -> bool:
    """A dialogue commitment's progress: the dialogue's unit (own or on behalf) or the responsible unit."""
    return (can(user, WRITE, commitment.activity.unit, on_behalf=True)
            or can(user, WRITE, commitment.owner_unit, on_behalf=True))
