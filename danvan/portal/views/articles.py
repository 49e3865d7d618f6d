"""The article page: counted, and for anonymous readers served from the page cache."""

from __future__ import annotations

from urllib.parse import quote

from .. import cache as page_cache
from .. import counter, selectors


def serve_article(page, request, *, printable: bool = False):
    preview = getattr(request, "is_preview", False)
    if request.method == "GET" and not preview:
        counter.record(page.pk, counter.reader_of(request))
    cacheable = (request.method == "GET" and not preview and not request.GET
                 and not request.user.is_authenticated)
    response = page.render(request, template="portal/article_print.html" if printable else None,
                           context_overrides=article_context(page, request))
    if cacheable:
        response.render()
        page_cache.put(page.pk, request.path, response.content)  # PortalPageCacheMiddleware serves it next
        response["X-Portal-Cache"] = "miss"
    return response


def article_context(page, request) -> dict:
    url = request.build_absolute_uri(page.get_url(request))
    feedback = selectors.approved_feedback(page)
    return {
        "view_total": selectors.view_total(page),
        "same_section": selectors.same_section(page),
        "other_news": selectors.other_news(page),
        "most_read_7": selectors.most_read(7),
        "feedback": feedback,
        "feedback_count": feedback.count(),
        "section": page.get_parent().specific,
        "full_url": url,
        "mailto": f"mailto:?subject={quote(page.title)}&body={quote(page.sapo[:300] + chr(10) + chr(10) + url)}",
    }
