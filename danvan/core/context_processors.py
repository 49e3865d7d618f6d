from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


# (menu, language, which entries are active) -> the menu's links: a few dozen strings per process.
_MARKUP: dict[tuple, str] = {}


def navigation_html(request) -> str:
    """The main menu's links, built once per language and active entry (base.html)."""
    menu = _menu()
    path = request.path
    active = tuple(path.startswith(url) and url != "/" for _label, url in menu)
    key = (id(menu), get_language(), active)
    found = _MARKUP.get(key)
    if found is None:
        found = _MARKUP[key] = mark_safe("".join(
            format_html('<a href="{}"{}>{}</a>', url, mark_safe(' class="active" aria-current="page"') if on else "",
                        label)
            for (label, url), on in zip(menu, active, strict=True)))
    return found


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_html": ""}
    return {"nav_html": navigation_html(request)}
