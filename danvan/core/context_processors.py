from django.urls import NoReverseMatch, reverse

from . import navigation as nav_registry


def navigation_items(request):
    entries = []
    for item in nav_registry.items():
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return entries


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_items(request)}
