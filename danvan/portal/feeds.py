"""RSS 2.0 and Atom feeds of all news and of each section."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from . import selectors
from .models import SectionPage

FEED_SIZE = 30


class NewsFeed(Feed):
    description = "Tin tức công tác dân vận"

    def get_object(self, request, slug: str | None = None):
        self.request = request
        if slug is None:
            return None
        return get_object_or_404(SectionPage.objects.live().public(), slug=slug)

    def title(self, section):
        return f"{section.title} – {settings.WAGTAIL_SITE_NAME}" if section else settings.WAGTAIL_SITE_NAME

    def link(self, section):
        return section.url if section else "/"

    def items(self, section):
        qs = selectors.section_articles(section) if section else selectors.live_articles()
        return qs[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.date

    def item_author_name(self, item):
        return item.author or None


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
