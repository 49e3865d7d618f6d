"""One picker for units, models and users: type a few letters of a name, choose from the matches.

A picker is a plain text field. With JavaScript, htmx asks `/chon/<source>/` for matches as the user
types and static/js/danvan.js lets them choose with the keyboard or the mouse; the chosen match fills the
field as "Phường Ninh Kiều (VN-92-31117)". Without JavaScript the server resolves whatever was typed: a
key ("VN-92"), a chosen match, or a name ("ninh kieu") that matches one record — otherwise the form says
which records match. Sources register themselves (`register`); scoping comes from the gatekeeper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.text import fold

SUGGESTIONS = 10
_TRAILING = re.compile(r"\(([^()]+)\)\s*$")


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


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


def source(name: str) -> Source:
    if name not in SOURCES:
        # Sources live in their apps; importing them registers them.
        from danvan.accounts import picker as _accounts  # noqa: F401
        from danvan.orgunits import picker as _orgunits  # noqa: F401
        from danvan.registry import picker as _registry  # noqa: F401
    return SOURCES[name]


def resolve(src: Source, text: str, qs: QuerySet) -> tuple[Model | None, list[Model]]:
    """(the record meant by `text`, []) or (None, the candidates when ambiguous or nothing matched)."""
    text = (text or "").strip()
    if not text:
        return None, []
    trailing = _TRAILING.search(text)
    for key in ([trailing.group(1).strip()] if trailing else []) + ([text] if src.looks_like_key(text) else []):
        obj = src.by_key(qs, key)
        if obj is not None:
            return obj, []
    query = _TRAILING.sub("", text).strip() if trailing else text
    matches = list(src.search(qs, query)[: SUGGESTIONS + 1])
    if len(matches) == 1:
        return matches[0], []
    exact = [m for m in matches if fold(str(m)) == fold(query)]
    for group in (exact, src.prefer(exact)):
        if len(group) == 1:
            return group[0], []
    return None, matches[:SUGGESTIONS]


class PickerWidget(forms.TextInput):
    template_name = "core/widgets/picker.html"

    def __init__(self, source_name: str, scope: str = "view", attrs: dict | None = None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.source_name, self.scope = source_name, scope
        self.candidates: list[Option] = []

    def format_value(self, value: Any) -> str | None:
        src = source(self.source_name)
        if isinstance(value, Model):
            return src.value(value)
        if isinstance(value, str) and value and src.looks_like_key(value):
            obj = src.by_key(src.queryset(None, "all"), value)
            return src.value(obj) if obj is not None else value
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["source_url"] = (
            f"{reverse('picker', args=[self.source_name])}?scope={self.scope}&field={name}")
        context["widget"]["candidates"] = self.candidates
        return context


class PickerField(forms.CharField):
    """A record chosen by name or key; cleans to the record (or its key with `to_key=True`).

    `scope` narrows the suggestions (and the resolution when the form sets `field.user`): "view" what
    the user may read, "write" what they may enter records for (including on behalf), "all" any record.
    Whether the user may act on the chosen record is still the service's decision.
    """

    def __init__(self, *, source: str = "unit", scope: str = "view", to_key: bool = False, **kwargs):
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("help_text", _default_help(source))
        kwargs.setdefault("widget", PickerWidget(source, scope))
        super().__init__(**kwargs)
        self.source_name, self.scope, self.to_key = source, scope, to_key
        self.user = None

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None if not self.to_key else ""
        src = source(self.source_name)
        obj, candidates = resolve(src, text, src.queryset(self.user, self.scope))
        if obj is None:
            self.widget.candidates = src.options(candidates)
            if candidates:
                names = "; ".join(o.value for o in self.widget.candidates[:5])
                raise forms.ValidationError(
                    _("Có nhiều %(noun)s khớp với “%(text)s”: %(names)s. Hãy gõ thêm hoặc chọn trong danh sách.")
                    % {"noun": src.noun, "text": text, "names": names}, code="ambiguous")
            message = (_("Không có %(noun)s với mã “%(text)s”.") if src.looks_like_key(text)
                       else _("Không tìm thấy %(noun)s nào khớp với “%(text)s”."))
            raise forms.ValidationError(message % {"noun": src.noun, "text": text}, code="not_found")
        return src.key_of(obj) if self.to_key else obj


def _default_help(source_name: str) -> str:
    from django.utils.translation import gettext_lazy

    return {
        "unit": gettext_lazy("Gõ vài chữ của tên đơn vị (có dấu hoặc không), rồi chọn; mã đơn vị cũng được."),
        "model": gettext_lazy("Gõ vài chữ của tên mô hình, rồi chọn trong danh sách."),
        "user": gettext_lazy("Gõ họ tên hoặc tên đăng nhập, rồi chọn trong danh sách."),
    }.get(source_name, "")


def bind_user(form: forms.Form, user) -> forms.Form:
    """Let the form's pickers resolve typed names within what `user` may pick."""
    for field in form.fields.values():
        if isinstance(field, PickerField):
            field.user = user
    return form


def picker_text(value: Any, source_name: str = "unit") -> str:
    """What a picker shows for a record or a key (used to prefill forms)."""
    return PickerWidget(source_name).format_value(value) or ""


def lookup(source_name: str, text: str, user=None, scope: str = "view") -> Model | None:
    """The record meant by `text` (a key, a chosen match or a unique name), or None; for views reading POST."""
    src = source(source_name)
    obj, _candidates = resolve(src, text, src.queryset(user, scope))
    return obj


def typed_key(text: str | None, user=None, source_name: str = "unit", scope: str = "view") -> str:
    """The key of what a filter's picker holds ("Phường Ninh Kiều (VN-92-31117)", "ninh kieu", "VN-92");
    the text itself when it names nothing, so the view's own "not found" handling still applies."""
    text = (text or "").strip()
    if not text:
        return ""
    src = source(source_name)
    obj, _candidates = resolve(src, text, src.queryset(user, scope))
    return src.key_of(obj) if obj is not None else text
