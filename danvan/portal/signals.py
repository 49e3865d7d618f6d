"""Keeps Wagtail groups in step with memberships, and the page cache with what is published."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from danvan.accounts.models import Membership

from . import cache as page_cache
from .models import ArticlePage, SectionPage


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender, instance, **kwargs):
    from .editors import sync_user

    sync_user(instance.user)


@receiver(post_save, sender=SectionPage)
def section_saved(sender, instance, created, **kwargs):
    if created:
        from .editors import ensure_section_setup, sync_user

        ensure_section_setup(instance)
        users = {m.user for m in Membership.objects.filter(
            role__in=[Membership.Role.EDITOR, Membership.Role.APPROVER]).select_related("user")}
        for user in users:
            sync_user(user)


@receiver([page_published, page_unpublished])
def page_changed(sender, instance, **kwargs):
    if isinstance(instance.specific, ArticlePage):
        page_cache.forget(instance.pk)


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    page_cache.forget(instance.pk)
