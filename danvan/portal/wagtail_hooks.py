"""Wagtail hooks that keep one section's unpublished pages out of other sections' editors' sight.

Wagtail guards editing by its page permissions (derived from memberships in danvan/portal/editors.py), but a
few of its screens show page titles to anyone who may open the editor. Those screens are narrowed here to
the pages Wagtail already lets the user work on, plus live pages (public anyway). Swept by
danvan/core/tests/test_scope_sweep.py (the editor under /bien-tap/).
"""

from __future__ import annotations

from django.db.models import Q
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.permissions import page_permission_policy

WORKING_PERMISSIONS = ("add", "change", "publish")


def pages_user_works_on(user):
    """The pages Wagtail's page permissions let `user` add to, edit or publish (a section and its articles)."""
    return page_permission_policy.instances_user_has_any_permission_for(user, WORKING_PERMISSIONS)


@hooks.register("construct_page_chooser_queryset")
def only_live_or_own_pages_in_the_chooser(pages, request):
    """The link chooser lists live pages and the user's own sections' drafts, not another section's drafts."""
    if request.user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | Q(pk__in=pages_user_works_on(request.user).values("pk")))


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page_to_move, destination):
    """Wagtail checks the move only on POST; its confirmation page would show another section's draft."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None
