"""Gatekeeper rules for reminders: who may be reminded of a record.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.db.models import Model

from .permissions import (
    VIEW,
    _active,
    can,
)
from .rules_across_units import document_visibility_q

# --- reminders (issue 18) ----------------------------------------------------------------------------
# A reminder names a record, in the bell and by e-mail. It goes only to an active user who may read that
# record: `can(VIEW)` on it (a unit's periodic report: the unit; a dialogue commitment: also its responsible
# unit), documents by the document rule. danvan.reminders asks this for every recipient, when it computes a
# reminder and again just before it e-mails it. What a reminder says about a petition never includes a
# petitioner (tố cáo: the case's code only).

def can_view_document(user, document) -> bool:
    """A document of the register: registered in the user's subtree or at a unit above the user's units."""
    if not _active(user):
        return False
    condition = document_visibility_q(user)
    return condition is None or type(document).objects.filter(condition, pk=document.pk).exists()


_REMINDER_VISIBILITY = {"activities.document": can_view_document}


def can_receive_reminder(user, record) -> bool:
    """May `user` be reminded of `record` (a model instance, or the OrgUnit a due item belongs to)?"""
    if not _active(user) or record is None:
        return False
    check = _REMINDER_VISIBILITY.get(record._meta.label_lower) if isinstance(record, Model) else None
    return check(user, record) if check is not None else can(user, VIEW, record)
