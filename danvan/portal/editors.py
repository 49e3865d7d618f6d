"""Maps danvan memberships onto Wagtail's page permissions and workflows.

Each section gets two groups — its editors (add and edit drafts, submit for review) and its reviewers
(also publish) — and a workflow whose one task is approval by the reviewers. Who belongs to which group is
decided by the gatekeeper (danvan.accounts.permissions.portal_section_units); `sync_user` applies it, called
whenever a membership changes or a section is created.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from danvan.accounts.permissions import PORTAL_EDIT, PORTAL_REVIEW, portal_section_units

from .models import SectionPage

EDIT, REVIEW = "edit", "review"
GROUP_PREFIX = {EDIT: "Biên tập tin", REVIEW: "Duyệt tin"}
PAGE_PERMISSIONS = {EDIT: ("add_page", "change_page"), REVIEW: ("add_page", "change_page", "publish_page")}
IMAGE_PERMISSIONS = ("add_image", "choose_image")


def _group_name(kind: str, section: SectionPage) -> str:
    return f"{GROUP_PREFIX[kind]}: {section.title[:100]} (#{section.pk})"


def section_group(kind: str, section: SectionPage) -> Group:
    suffix = f"(#{section.pk})"
    group = Group.objects.filter(name__startswith=GROUP_PREFIX[kind], name__endswith=suffix).first()
    if group is None:
        group = Group.objects.create(name=_group_name(kind, section))
    return group


def portal_groups() -> dict[int, dict[str, Group]]:
    return {section.pk: {kind: section_group(kind, section) for kind in (EDIT, REVIEW)}
            for section in SectionPage.objects.all()}


@transaction.atomic
def ensure_section_setup(section: SectionPage) -> None:
    """Groups, page and image permissions and the review workflow of one section (idempotent)."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    root_collection = Collection.get_first_root_node()
    review_group = None
    for kind in (EDIT, REVIEW):
        group = section_group(kind, section)
        group.permissions.add(access_admin)
        for codename in PAGE_PERMISSIONS[kind]:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)
        for codename in IMAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection,
                                                            permission=permission)
        if kind == REVIEW:
            review_group = group
    name = f"Duyệt tin: {section.title[:100]} (#{section.pk})"
    workflow = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if workflow is None:
        task = GroupApprovalTask.objects.create(name=name)
        task.groups.set([review_group])
        flow = Workflow.objects.create(name=name)
        WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
        WorkflowPage.objects.create(page=section, workflow=flow)


@transaction.atomic
def sync_user(user) -> None:
    """Put `user` in exactly the portal groups the gatekeeper allows."""
    edit_units = set(portal_section_units(user, PORTAL_EDIT).values_list("pk", flat=True)) if user.pk else set()
    review_units = set(portal_section_units(user, PORTAL_REVIEW).values_list("pk", flat=True)) if user.pk else set()
    for section in SectionPage.objects.all().only("pk", "title", "unit_id"):
        for kind, units in ((EDIT, edit_units), (REVIEW, review_units)):
            group = section_group(kind, section)
            if section.unit_id in units and not user.is_superuser:
                user.groups.add(group)
            else:
                user.groups.remove(group)


def sync_all() -> int:
    from django.contrib.auth import get_user_model

    from danvan.accounts.models import Membership

    users = get_user_model().objects.filter(
        memberships__role__in=[Membership.Role.EDITOR, Membership.Role.APPROVER]).distinct()
    count = 0
    for user in users.iterator():
        sync_user(user)
        count += 1
    for section in SectionPage.objects.all():
        ensure_section_setup(section)
    return count
