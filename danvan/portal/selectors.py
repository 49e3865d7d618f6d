"""Reads for the public portal: listings, most read, related news, approved feedback, search."""

from __future__ import annotations

import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from wagtail.query import PageQuerySet

from danvan.core.text import search_terms

from . import counter
from .models import ArticleDayViews, ArticlePage, Feedback, SectionPage

PAGE_SIZE = 12


def live_articles() -> PageQuerySet:
    return (ArticlePage.objects.live().public().select_related("lead_image")
            .defer("search_text", "search_title").order_by("-date", "-id"))


def paginate(qs, number, size: int = PAGE_SIZE) -> PaginatorPage:
    return Paginator(qs, size).get_page(number)


def section_articles(section: SectionPage) -> PageQuerySet:
    return live_articles().child_of(section)


def most_read(days: int, limit: int = 5) -> list[ArticlePage]:
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    ranked = (ArticleDayViews.objects.filter(day__gte=since, page__live=True).values("page_id")
              .annotate(total=Sum("count")).order_by("-total", "-page_id")[:limit])
    totals = {row["page_id"]: row["total"] for row in ranked}
    pages = live_articles().in_bulk(list(totals))
    result = []
    for page_id, total in totals.items():
        if page_id in pages:
            pages[page_id].period_views = total
            result.append(pages[page_id])
    return result


def view_total(page: ArticlePage) -> int:
    stored = ArticleDayViews.objects.filter(page=page).aggregate(total=Sum("count"))["total"] or 0
    return stored + counter.unflushed(page.pk)


def same_section(page: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    parent = page.get_parent()
    return list(live_articles().child_of(parent).exclude(pk=page.pk)[:limit])


def other_news(page: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    parent = page.get_parent()
    return list(live_articles().not_child_of(parent).exclude(pk=page.pk)[:limit])


def approved_feedback(page: ArticlePage) -> QuerySet:
    return Feedback.objects.filter(page=page, status=Feedback.Status.APPROVED).order_by("created_at", "id")


def sections() -> QuerySet:
    return SectionPage.objects.live().public().order_by("path")


def home_context() -> dict:
    articles = live_articles()
    lead = articles.filter(featured=True).first() or articles.first()
    by_section = []
    for section in sections():
        items = list(section_articles(section).exclude(pk=getattr(lead, "pk", None))[:4])
        if items:
            by_section.append({"section": section, "articles": items})
    from .honour import honour_teaser

    return {"lead": lead, "by_section": by_section, "most_read_7": most_read(7), "most_read_30": most_read(30),
            "honour_teaser": honour_teaser()}


def search_articles(query: str) -> QuerySet:
    """Live articles whose folded text holds every folded word, title hits first, then newest."""
    terms = search_terms(query)
    if not terms:
        return ArticlePage.objects.none()
    qs = live_articles()
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    phrase = " ".join(terms)
    # Ranked: the phrase in the title, then every word in the title, then the phrase anywhere; newest first.
    title_words = Q()
    for term in terms:
        title_words &= Q(search_title__contains=term)
    rank = (Case(When(search_title__contains=phrase, then=Value(4)), default=Value(0), output_field=IntegerField())
            + Case(When(title_words, then=Value(2)), default=Value(0), output_field=IntegerField())
            + Case(When(search_text__contains=phrase, then=Value(1)), default=Value(0), output_field=IntegerField()))
    return qs.annotate(rank=rank).order_by("-rank", "-date", "-id")
