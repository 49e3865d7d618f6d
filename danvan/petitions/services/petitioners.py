"""Petitioners of a case and the identity right: every write needs the right to see the identity."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can, ensure_can_grant_identity, ensure_can_see_identity
from danvan.core.audit import REDACTED, audit, snapshot

from ..models import Case, IdentityGrant, Petitioner
from .cases import (
    _audit_petitioner_added,
    _clean_petitioner,
    _refresh_search,
    _refuse_final,
)


def _ensure_petitioner_write(actor, case: Case, on_behalf: bool) -> None:
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    ensure_can_see_identity(actor, case)
    _refuse_final(case)


@transaction.atomic
def petitioner_add(*, actor, case: Case, data: dict, on_behalf: bool = False) -> Petitioner:
    _ensure_petitioner_write(actor, case, on_behalf)
    petitioner = Petitioner.objects.create(case=case, **_clean_petitioner(data))
    _audit_petitioner_added(actor, case, petitioner, on_behalf)
    _refresh_search(case)
    return petitioner


@transaction.atomic
def petitioner_update(*, actor, petitioner: Petitioner, data: dict, on_behalf: bool = False) -> Petitioner:
    case = petitioner.case
    _ensure_petitioner_write(actor, case, on_behalf)
    cleaned = _clean_petitioner(data)
    # Values are redacted in the trail, so which fields changed is decided on the raw values.
    before = {name: getattr(petitioner, name) for name in cleaned}
    changed_names = [name for name, value in cleaned.items() if before[name] != value]
    for name, value in cleaned.items():
        setattr(petitioner, name, value)
    petitioner.save()
    after = snapshot(petitioner)
    redacted = Petitioner.AUDIT_REDACTED_FIELDS
    changed = {name: [REDACTED if name in redacted else before[name], after[name]] for name in changed_names}
    if changed:
        audit(actor=actor, action="petitions.petitioner.updated", target=case, changes=changed,
              on_behalf=on_behalf, note=str(petitioner))
    _refresh_search(case)
    return petitioner


@transaction.atomic
def petitioner_delete(*, actor, petitioner: Petitioner, on_behalf: bool = False) -> None:
    case = petitioner.case
    _ensure_petitioner_write(actor, case, on_behalf)
    label = str(petitioner)
    before = snapshot(petitioner)
    petitioner.delete()
    audit(actor=actor, action="petitions.petitioner.deleted", target=case, on_behalf=on_behalf, note=label,
          changes={k: [v, None] for k, v in before.items()})
    _refresh_search(case)


@transaction.atomic
def identity_revoke(*, actor, grant: IdentityGrant) -> None:
    ensure_can_grant_identity(actor, grant.case)
    case, username = grant.case, grant.user.get_username()
    grant.delete()
    audit(actor=actor, action="petitions.identity.revoked", target=case,
          note=_("Thu hồi quyền xem danh tính của %(user)s") % {"user": username})
