"""Views shared by every area: the picker's suggestions."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from . import picker


def picker_options(request, source_name: str):
    """Matches for what was typed in a picker; an htmx fragment, or a search page without JavaScript."""
    try:
        src = picker.source(source_name)
    except KeyError:
        raise Http404 from None
    scope = request.GET.get("scope", "view")
    if scope not in ("view", "write", "all") or (scope == "all" and not src.keys_anywhere):
        scope = "view"  # records other than units are only ever suggested within the user's scope
    field = request.GET.get("field", "q")
    query = (request.GET.get(field) or request.GET.get("q") or "").strip()[:200]
    options = []
    if query:
        found = list(src.search(src.queryset(request.user, "view" if scope == "all" else scope), query)
                     [: picker.SUGGESTIONS])
        if scope == "all" and len(found) < picker.SUGGESTIONS:
            # Any unit may be chosen; the user's own come first, as the typed name resolves (picker.resolve_for).
            others = src.search(src.queryset(request.user, "all"), query)[: picker.SUGGESTIONS * 2]
            found += [o for o in others if o not in found][: picker.SUGGESTIONS - len(found)]
        options = src.options(found)
    template = "includes/picker_options.html" if request.htmx else "core/picker_page.html"
    return render(request, template, {"options": options, "query": query, "source": src, "field": field,
                                      "scope": scope})
