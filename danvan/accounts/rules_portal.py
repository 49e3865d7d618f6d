"""Gatekeeper rules for the public portal: section editors and reviewers, feedback moderation, the public
honour roll.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from danvan.orgunits.models import OrgUnit

from .models import Membership

# --- public portal (issue 17) -------------------------------------------------------------------------------
# Portal sections belong to a unit. Editors (role "editor") write in the sections of their own unit; approvers
# review and publish in the sections of their unit's subtree (as APPROVE reads the subtree). Wagtail enforces
# the decision through groups that danvan.portal.editors keeps in step with memberships.
PORTAL_EDIT, PORTAL_REVIEW, PORTAL_MODERATE = "portal_edit", "portal_review", "portal_moderate"


def portal_section_units(user, action: str) -> QuerySet:
    """The units whose portal sections `user` may edit (PORTAL_EDIT) or review and publish (PORTAL_REVIEW)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for unit_id, path, role in Membership.objects.filter(user=user).values_list("unit_id", "unit__path", "role"):
        if action == PORTAL_EDIT and role == Membership.Role.EDITOR:
            condition |= Q(pk=unit_id)
        elif action == PORTAL_REVIEW and role == Membership.Role.APPROVER:
            condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def can_moderate_feedback(user, section_unit: OrgUnit | None = None) -> bool:
    """Editors and reviewers of a section moderate its readers' feedback; without a unit: any section."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    units = portal_section_units(user, PORTAL_EDIT) | portal_section_units(user, PORTAL_REVIEW)
    return units.exists() if section_unit is None else units.filter(pk=section_unit.pk).exists()


def moderated_sections_q(user, *, prefix: str = "page__") -> Q | None:
    """Feedback rows `user` may moderate, as a filter on the article's section unit; None: all."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    units = portal_section_units(user, PORTAL_EDIT) | portal_section_units(user, PORTAL_REVIEW)
    from danvan.portal.models import SectionPage

    sections = SectionPage.objects.filter(unit__in=units.values("pk"))
    condition = Q(pk__in=[])
    for path in sections.values_list("path", flat=True):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def public_honour_q() -> Q:
    """Registry rows anyone may see on the portal: model-years recognised or honoured (only their public
    fields are shown: danvan.portal.honour.PUBLIC_FIELDS)."""
    return Q(status__in=("recognised", "honoured"), recognised_year__isnull=False)
