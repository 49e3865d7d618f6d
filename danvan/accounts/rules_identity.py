"""Gatekeeper rules for the identity of a denouncer (petitions): seen only with an explicit grant, granted by an
approver of the case's unit or above.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .permissions import (
    APPROVE,
    VIEW,
    can,
)

# --- identity of a denouncer (petitions) ---------------------------------------------------------------

def can_see_identity(user, case) -> bool:
    """Petitioners of a tố cáo case: only with an explicit IdentityGrant (superusers included).
    Other kinds: whoever may read the case."""
    if not can(user, VIEW, case):
        return False
    if not case.is_denunciation:
        return True
    return case.identity_grants.filter(user=user).exists()


def ensure_can_see_identity(user, case) -> None:
    if not can_see_identity(user, case):
        raise PermissionDenied(_("Bạn không có quyền xem, sửa thông tin người tố cáo của vụ việc này."))


def can_grant_identity(user, case) -> bool:
    """Give or take back the right to see a case's petitioners: an approver of the case's unit or above."""
    return can(user, APPROVE, case)


def ensure_can_grant_identity(user, case) -> None:
    if not can_grant_identity(user, case):
        raise PermissionDenied(_("Chỉ lãnh đạo có quyền duyệt ở đơn vị của vụ việc hoặc cấp trên mới được cấp "
                                 "hoặc thu hồi quyền xem danh tính."))
