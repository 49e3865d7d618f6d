"""The public tracking-code lookup: no login, rate-limited per IP, status and dates only."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import selectors
from ..forms import PublicLookupForm

LOOKUP_LIMIT = getattr(settings, "PETITION_LOOKUP_LIMIT", 30)
LOOKUP_WINDOW = 10 * 60  # seconds


def _client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(request) -> bool:
    key = f"petitions:lookup:{_client_ip(request)}"
    if cache.add(key, 1, LOOKUP_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, LOOKUP_WINDOW)
        return False
    return count > LOOKUP_LIMIT


@login_not_required  # the public tracking-code lookup
@never_cache
def lookup(request):
    form = PublicLookupForm(request.GET or None)
    result, error, status = None, "", 200
    if form.is_bound:
        if _over_limit(request):
            error, status = _("Bạn đã tra cứu quá nhiều lần. Hãy thử lại sau 10 phút."), 429
        elif form.is_valid():
            result = selectors.public_status(form.cleaned_data["code"])
            if result is None:
                error = _("Không tìm thấy đơn với mã tra cứu này. Hãy kiểm tra lại mã trên giấy biên nhận.")
        else:
            error = _("Hãy nhập mã tra cứu.")
    response = render(request, "petitions/public_lookup.html", {"form": form, "result": result, "error": error},
                      status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
