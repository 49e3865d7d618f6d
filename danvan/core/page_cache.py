"""Whole signed-in pages served again from the cache while nothing they show can have changed (issue 16).

A page on the allow-list below is stored after it is rendered, and the next request for the same page by the
same session is answered from the cache without running the view, until any record or figure changes. The key
holds everything the HTML depends on:

- the session and the user (scope, grants, menu), the CSRF secret (the forms' tokens) and the second-factor
  state;
- the address with its host and query string (absolute links, API cursors), `Accept`, the language and
  today's date (deadlines, "overdue");
- the records version (`core.freshness`: every committed save, audited change, bulk import or delete of a
  record) and the roll-up version (`reports.rollups`: every change of figures).

So a change shows at once, to every user: a write bumps a version, and every key read after it is new. What
no version covers is bounded by PAGE_CACHE_SECONDS (60 s): the clock within a day, and a deployment's new
templates.

Never stored: anything but a 200 HTML or JSON answer to GET or HEAD; a request with flash messages waiting or
one that added some; a request that changed its session (what the page showed may have come from it; a
session holding a refused form's typed values, `core.forms.keep_typed`, is never answered from the cache
either); htmx fragments; a page that asked not to be (`skip(request)`: a petition case showing a denouncer's
identity, which must be decided afresh on every request and audited). Pages that write on GET, or
show state kept outside the database (job progress), are simply not on the list.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .forms import KEPT_FORM

logger = logging.getLogger(__name__)

# URL names (namespace:name) whose signed-in answer is cached. Each reads only the database through the
# selectors and the engine, writes nothing on GET, and depends on nothing outside the key.
CACHED_PAGES = frozenset({
    "home", "dashboards:mine",
    "registry:list", "registry:detail",
    "activities:list", "activities:detail", "activities:document_list", "activities:document_detail",
    "activities:commitments",
    "commendations:list", "commendations:detail",
    "petitions:case_list", "petitions:case_detail", "petitions:sentiment_list",
    "campaigns:list", "campaigns:detail", "campaigns:ledger", "campaigns:houses",
    "reports:figures", "annual:report", "submissions:board",
    # The API, for callers signed in with a session (the web pages' own scripts); a bearer token's caller is
    # authenticated by the API itself, and is answered by the view.
    "reports-figures", "reports-annual", "petition-case-list", "registry-year-list", "activity-list",
})
STORED_TYPES = ("text/html", "application/json")
_SKIP = "_danvan_page_cache_skip"
_PARTS = "_danvan_page_cache_parts"
_CSRF_PART = 2  # index of the CSRF secret in the key's parts


def skip(request) -> None:
    """This answer must not be stored (it shows what has to be decided on every request)."""
    setattr(request, _SKIP, True)


def _messages_waiting(request) -> bool:
    """Flash messages stored by an earlier request or added by this one (len() does not mark them shown)."""
    return len(get_messages(request)) > 0


def _key_parts(request) -> list[str]:
    from danvan.reports import rollups

    from .freshness import version

    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    return [
        str(user.pk), request.session.session_key or "", request.META.get("CSRF_COOKIE", ""), str(verified),
        get_language() or "", timezone.localdate().isoformat(), str(version()), str(rollups.version()),
        request.META.get("HTTP_ACCEPT", ""), request.build_absolute_uri(),  # absolute links carry the host
    ]


def _key(parts: list[str]) -> str:
    return "core:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class SignedInPageCacheMiddleware:
    """Answers an allow-listed page from the cache, or stores it after the view (see the module's docstring).

    Last in MIDDLEWARE: every other middleware (sessions, sign-in, second factor, scope, headers) runs as for
    any request, and only the view is skipped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        parts = getattr(request, _PARTS, None)
        if parts and self._storable(request, response):
            # Stored under the versions read before the view ran (a write committed meanwhile is a newer key),
            # and under the CSRF secret the page's forms carry (the page may have made the session's first one).
            parts[_CSRF_PART] = request.META.get("CSRF_COOKIE", "")
            try:
                # Only the view's own headers exist here (the other middleware add theirs on the way out).
                cache.set(_key(parts), (response.content, dict(response.headers)), settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001 - the page is served anyway; the cache only speeds it up
                logger.warning("page not cached: the cache is unavailable", exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable(request):
            return None
        try:
            parts = _key_parts(request)
            found = cache.get(_key(parts))
        except Exception:  # noqa: BLE001 - without the cache the view answers
            logger.warning("page cache unavailable", exc_info=True)
            return None
        if found is not None:
            content, headers = found
            return HttpResponse(content, headers=headers)
        setattr(request, _PARTS, parts)
        return None

    @staticmethod
    def _cacheable(request) -> bool:
        match = request.resolver_match
        return (settings.PAGE_CACHE_SECONDS > 0 and request.method in ("GET", "HEAD")
                and match is not None and match.view_name in CACHED_PAGES
                and request.user.is_authenticated and request.session.session_key is not None
                and not request.headers.get("HX-Request") and "HTTP_AUTHORIZATION" not in request.META
                and KEPT_FORM not in request.session and not _messages_waiting(request))

    @staticmethod
    def _storable(request, response) -> bool:
        return (response.status_code == 200 and not response.streaming and not getattr(request, _SKIP, False)
                and response.get("Content-Type", "").startswith(STORED_TYPES) and not response.cookies
                and not request.session.modified and not _messages_waiting(request))
