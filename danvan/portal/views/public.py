"""Public pages outside the page tree: the root dispatch, honour roll, search, robots.txt, renditions.

Every view here is marked login_not_required: the site requires sign-in everywhere else.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.static import serve as static_serve
from wagtail.views import serve as wagtail_serve

from danvan.orgunits.models import OrgUnit

from .. import honour, selectors
from ..storage import RenditionStorage


@login_not_required
def root(request):
    """"/": the portal home for readers, the work home for signed-in users (one click to the portal)."""
    if request.user.is_authenticated:
        from danvan.accounts.views import home

        return home(request)
    return wagtail_serve(request, "")


@login_not_required
def portal_home(request):
    """The portal home for everyone, signed in or not."""
    return wagtail_serve(request, "")


serve_page = login_not_required(wagtail_serve)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_not_required
@require_GET
def honour_roll(request):
    province = OrgUnit.objects.filter(key=request.GET.get("tinh", ""), kind=OrgUnit.Kind.PROVINCE,
                                      valid_to__isnull=True).first()
    year = _int(request.GET.get("nam"))
    field = request.GET.get("linh-vuc", "")
    rows = honour.roll(province=province, year=year, field=field)
    page = Paginator(rows, 30).get_page(request.GET.get("trang"))
    return render(request, "portal/honour_roll.html", {
        "page_obj": page, "provinces": honour.provinces(), "years": honour.years(), "fields": honour.fields(),
        "province": province, "year": year, "field": field,
        "extra": urlencode({"tinh": province.key if province else "", "nam": year or "", "linh-vuc": field}) + "&",
    })


@login_not_required
@require_GET
def honour_detail(request, pk: int):
    model = honour.public_model(pk)
    if model is None:
        raise Http404
    return render(request, "portal/honour_detail.html", {
        "model": model, "related": list(selectors.search_articles(model.name)[:5]),
    })


@login_not_required
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    articles = selectors.paginate(selectors.search_articles(query), request.GET.get("trang")) if query else None
    models = Paginator(honour.search(query), 10).get_page(request.GET.get("trang-vd")) if query else None
    return render(request, "portal/search.html", {"q": query, "articles": articles, "models": models})


@login_not_required
@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    for path in ("/bien-tap/", "/quan-tri/", "/tai-khoan/", "/api/", "/phan-hoi/", "/cong-thong-tin/kiem-duyet/"):
        lines.append(f"Disallow: {path}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
@require_GET
def rendition(request, path: str):
    """Image renditions (re-encoded copies) for development; production serves /anh/ from the web server."""
    return static_serve(request, path, document_root=RenditionStorage().location)


def not_found(request, *args, **kwargs):
    raise Http404
