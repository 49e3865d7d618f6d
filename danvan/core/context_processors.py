from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from . import navigation as nav_registry

# (urlconf, script prefix, number of registered items) -> [(label, url)]. URLs do not change while the process
# runs, so each menu entry is reversed once per process, not on every page (issue 16). Labels stay lazy: they
# are translated when the page is rendered, in the request's language.
_RESOLVED: dict[tuple, list[tuple]] = {}


def _menu() -> list[tuple]:
    items = nav_registry.items()
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), len(items))
    found = _RESOLVED.get(key)
    if found is None:
        found = []
        for item in items:
            try:
                found.append((item.label, reverse(item.url_name)))
            except NoReverseMatch:
                continue
        _RESOLVED[key] = found
    return found


def navigation_items(request):
    path = request.path
    return [{"label": label, "url": url, "active": path.startswith(url) and url != "/"} for label, url in _menu()]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_items(request)}
