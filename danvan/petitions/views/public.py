"""The public tracking-code lookup: no login, rate-limited per client address, status and dates only."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danvan.core.ratelimit import client_address, hit

from .. import selectors
from ..forms import PublicLookupForm

LOOKUP_LIMIT = getattr(settings, "PETITION_LOOKUP_LIMIT", 30)
LOOKUP_WINDOW = 10 * 60  # seconds


def _over_limit(request) -> bool:
    return not hit(f"petitions:lookup:{client_address(request)}", LOOKUP_LIMIT, LOOKUP_WINDOW)


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
