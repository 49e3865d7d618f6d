"""One picker for units, models and users: type a few letters of a name, choose from the matches.

A picker is a plain text field. With JavaScript, htmx asks `/chon/<source>/` for matches as the user
types and static/js/danvan.js lets them choose with the keyboard or the mouse; the chosen match fills the
field as "Phường Ninh Kiều (VN-92-31117)". Without JavaScript the server resolves whatever was typed: a
key ("VN-92"), a chosen match, or a name ("ninh kieu") that matches one record — otherwise the form says
which records match. Sources register themselves (`register`); scoping comes from the gatekeeper.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from danvan.core.text import fold, search_terms

SUGGESTIONS = 10
_TRAILING = re.compile(r"\(([^()]+)\)\s*$")

# The user of the request being answered (set by PickerScopeMiddleware): a form's pickers resolve typed names
# within what this user may pick without every view having to pass the user to every form.
_request_user: contextvars.ContextVar = contextvars.ContextVar("picker_request_user", default=None)


def current_user():
    """The signed-in user of the current request, or None (commands, importers, tests without a request)."""
    user = _request_user.get()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


class PickerScopeMiddleware:
    """Makes the request's user known to the pickers of the forms the view builds (see `current_user`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _request_user.reset(token)


@dataclass
class Option:
    value: str  # what fills the text field
    title: str
    detail: str = ""
    old: bool = False


class Source:
    """How one kind of record is scoped, searched, shown and recognised from typed text."""

    name = ""
    noun = ""  # "đơn vị", used in messages
    scopes: tuple[str, ...] = ("view",)
    # A typed key outside the user's scope still names the record (units: the tree is public, and the
    # service then says why the user may not act on it). Records of other kinds stay unknown out of scope.
    keys_anywhere = False

    def queryset(self, user, scope: str) -> QuerySet:
        raise NotImplementedError

    def search(self, qs: QuerySet, query: str) -> QuerySet | list:
        raise NotImplementedError

    def by_key(self, qs: QuerySet, key: str) -> Model | None:
        raise NotImplementedError

    def looks_like_key(self, text: str) -> bool:
        return False

    def value(self, obj: Model) -> str:
        raise NotImplementedError

    def key_of(self, obj: Model) -> str:
        return str(obj.pk)

    def options(self, objs: list[Model]) -> list[Option]:
        return [Option(self.value(o), str(o)) for o in objs]

    def prefer(self, objs: list[Model]) -> list[Model]:
        """Among several matches, the ones to take when exactly one of them fits (current units)."""
        return objs


class SearchTextSource(Source):
    """Records with a folded `search_text`, picked by a few words (every word must appear, newest first).
    Subclasses give `base()` (every record) and, when the gatekeeper's scope is not the visibility rule,
    `visible(user)`."""

    ordering: tuple[str, ...] = ("-id",)

    def base(self) -> QuerySet:
        raise NotImplementedError

    def visible(self, user) -> QuerySet:
        from danvan.accounts import permissions

        return permissions.scope(self.base(), user, permissions.VIEW)

    def queryset(self, user, scope: str) -> QuerySet:
        return self.base() if user is None or scope == "all" else self.visible(user)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs.order_by(*self.ordering)


class NumberedSource(SearchTextSource):
    """A `SearchTextSource` whose records are also picked by their number "#12"; the chosen value is
    "Title (#12)", shown with `title` and `detail`."""

    key_pattern = re.compile(r"^#(\d+)$")
    title_length: int | None = None  # the title is cut to this length in the value

    def looks_like_key(self, text: str) -> bool:
        return bool(self.key_pattern.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str) -> Model | None:
        match = self.key_pattern.match(key.strip())
        return qs.filter(pk=int(match.group(1))).first() if match else None

    def title(self, obj: Model) -> str:
        return str(obj)

    def detail(self, obj: Model) -> str:
        return ""

    def value(self, obj: Model) -> str:
        return f"{self.title(obj)[:self.title_length]} (#{obj.pk})"

    def options(self, objs: list[Model]) -> list[Option]:
        return [Option(self.value(o), self.title(o), self.detail(o)) for o in objs]


class CompositeSource(Source):
    """Records of several kinds in one picker ("Tên (hoạt động #12)"): `parts` maps a kind to the name of
    its source and the word that marks it in the chosen value."""

    parts: dict[str, tuple[str, Any]] = {}
    _MARK = re.compile(r"^(?P<word>.+?)\s*#(?P<id>\d+)$")

    def queryset(self, user, scope: str) -> Any:  # one queryset per kind
        return {kind: source(name).queryset(user, scope) for kind, (name, _word) in self.parts.items()}

    def search(self, qs, query: str) -> list:
        found: list = []
        for kind, (name, _word) in self.parts.items():
            found.extend(source(name).search(qs[kind], query)[:SUGGESTIONS])
        return found

    def looks_like_key(self, text: str) -> bool:
        return self._parse(text) is not None

    def _parse(self, text: str) -> tuple[str, int] | None:
        match = self._MARK.match(text.strip())
        if match:
            for kind, (_name, word) in self.parts.items():
                if match.group("word").casefold() == str(word).casefold():
                    return kind, int(match.group("id"))
        return None

    def by_key(self, qs, key: str) -> Model | None:
        parsed = self._parse(key)
        return qs[parsed[0]].filter(pk=parsed[1]).first() if parsed else None

    def kind_of(self, obj: Model) -> str:
        for kind, (name, _word) in self.parts.items():
            if isinstance(obj, source(name).queryset(None, "all").model):
                return kind
        raise ValueError(obj)

    def value(self, obj: Model) -> str:
        return f"{obj} ({self.parts[self.kind_of(obj)][1]} #{obj.pk})"

    def key_of(self, obj: Model) -> str:
        return f"{self.kind_of(obj)}:{obj.pk}"

    def options(self, objs: list[Model]) -> list[Option]:
        result = []
        for obj in objs:
            sub = source(self.parts[self.kind_of(obj)][0]).options([obj])[0]
            word = str(self.parts[self.kind_of(obj)][1])
            result.append(Option(self.value(obj), sub.title, " · ".join(b for b in (word, sub.detail) if b)))
        return result


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


SOURCE_MODULES = ("danvan.orgunits.picker", "danvan.accounts.picker", "danvan.registry.picker",
                  "danvan.activities.picker", "danvan.petitions.picker", "danvan.campaigns.picker",
                  "danvan.commendations.picker")


def source(name: str) -> Source:
    if name not in SOURCES:
        # Sources live in their apps; importing them registers them.
        import importlib

        for module in SOURCE_MODULES:
            importlib.import_module(module)
    return SOURCES[name]


def resolve(src: Source, text: str, qs: QuerySet, *, keys_in: QuerySet | None = None
            ) -> tuple[Model | None, list[Model]]:
    """(the record meant by `text`, []) or (None, the candidates when ambiguous or nothing matched).

    Names are looked up in `qs`; a key (or a chosen match carrying its key) in `keys_in` when given, so a
    typed key outside the user's scope reaches the service, whose refusal says why."""
    text = (text or "").strip()
    if not text:
        return None, []
    trailing = _TRAILING.search(text)
    for key in ([trailing.group(1).strip()] if trailing else []) + ([text] if src.looks_like_key(text) else []):
        obj = src.by_key(qs, key)
        if obj is None and keys_in is not None:
            obj = src.by_key(keys_in, key)
        if obj is not None:
            return obj, []
    if trailing and src.looks_like_key(trailing.group(1)):
        return None, []  # a chosen match whose record is not (or no longer) there for this user
    query = _TRAILING.sub("", text).strip() if trailing else text
    matches = list(src.search(qs, query)[: SUGGESTIONS + 1])
    if len(matches) == 1:
        return matches[0], []
    exact = [m for m in matches if fold(str(m)) == fold(query)]
    for group in (exact, src.prefer(exact)):
        if len(group) == 1:
            return group[0], []
    return None, matches[:SUGGESTIONS]


def resolve_for(src: Source, text: str, user, scope: str) -> tuple[Model | None, list[Model]]:
    """`resolve` within what `user` may pick for `scope` (the request's user when `user` is None).

    A name resolves among the records of the scope; for scope "all" (any unit, e.g. the unit that owns a
    commitment) the records the user may read are tried first, so "ninh kieu" means the user's own
    Phường Ninh Kiều before any other of that name. Unit keys resolve anywhere (the service decides); other
    records exist for the user only inside their scope, whatever the field's scope."""
    user = user if user is not None else current_user()
    everywhere = src.queryset(None, "all")
    if user is None:
        return resolve(src, text, everywhere)
    keys_in = everywhere if src.keys_anywhere else None
    if scope == "all":
        obj, candidates = resolve(src, text, src.queryset(user, "view"), keys_in=keys_in)
        if obj is not None or candidates or not src.keys_anywhere:
            return obj, candidates
        return resolve(src, text, everywhere)
    return resolve(src, text, src.queryset(user, scope), keys_in=keys_in)


def lookup(source_name: str, text: str, user=None, scope: str = "view") -> Model | None:
    """The record meant by `text` (a key, a chosen match or a unique name), or None; for views reading POST."""
    obj, _candidates = resolve_for(source(source_name), text, user, scope)
    return obj


def typed_key(text: str | None, user=None, source_name: str = "unit", scope: str = "view") -> str:
    """The key of what a filter's picker holds ("Phường Ninh Kiều (VN-92-31117)", "ninh kieu", "VN-92");
    the text itself when it names nothing, so the view's own "not found" handling still applies."""
    text = (text or "").strip()
    if not text:
        return ""
    src = source(source_name)
    obj, _candidates = resolve_for(src, text, user, scope)
    return src.key_of(obj) if obj is not None else text


# The form side (widgets, fields, help texts) lives in its own module and is re-exported here.
from .picker_fields import (  # noqa: E402, F401
    PickerField,
    PickerListField,
    PickerListWidget,
    PickerWidget,
    bind_user,
    picker_text,
)
