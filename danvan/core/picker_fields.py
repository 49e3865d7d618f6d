"""The picker's form side: the text widget and field for one record, the list widget and field for several,
and their help texts. Part of `danvan.core.picker`, which re-exports them; import them from there."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from .picker import (
    SUGGESTIONS,
    Option,
    Source,
    resolve_for,
    source,
)


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
        obj, candidates = resolve_for(src, text, self.user, self.scope)
        if obj is None:
            self.widget.candidates = src.options(candidates)
            raise _not_resolved(src, text, self.widget.candidates)
        return src.key_of(obj) if self.to_key else obj


def _not_resolved(src: Source, text: str, candidates: list[Option]) -> forms.ValidationError:
    if candidates:
        names = "; ".join(o.value for o in candidates[:5])
        return forms.ValidationError(
            _("Có nhiều %(noun)s khớp với “%(text)s”: %(names)s. Hãy gõ thêm hoặc chọn trong danh sách.")
            % {"noun": src.noun, "text": text, "names": names}, code="ambiguous")
    message = (_("Không có %(noun)s với mã “%(text)s”.") if src.looks_like_key(text)
               else _("Không tìm thấy %(noun)s nào khớp với “%(text)s”."))
    return forms.ValidationError(message % {"noun": src.noun, "text": text}, code="not_found")


class PickerListWidget(forms.Textarea):
    """Several records: one per line in the text box, plus a picker box whose chosen match is added as a
    new line (JavaScript); what is left typed in that box when the form is sent counts as one more line."""

    template_name = "core/widgets/picker_list.html"

    def __init__(self, source_name: str, scope: str = "view", attrs: dict | None = None):
        super().__init__(attrs={"rows": 3, "spellcheck": "false", **(attrs or {})})
        self.source_name, self.scope = source_name, scope
        self.candidates: list[Option] = []

    def value_from_datadict(self, data, files, name):
        lines = [data.get(name) or "", data.get(f"{name}__add") or ""]
        return "\n".join(line for line in lines if line.strip())

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            src = source(self.source_name)
            return "\n".join(src.value(v) if isinstance(v, Model) else picker_text(v, self.source_name)
                             for v in value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        add_id = f"{context['widget']['attrs'].get('id', 'id_' + name)}__add"
        context["widget"]["add"] = {"name": f"{name}__add", "id": add_id, "source_url": (
            f"{reverse('picker', args=[self.source_name])}?scope={self.scope}&field={name}__add")}
        context["widget"]["candidates"] = self.candidates
        return context


class PickerListField(forms.CharField):
    """Several records chosen by name or key, one per line (";" also separates; a list of keys may also be
    separated by commas, as older forms and files wrote it). Cleans to the records in the order typed
    (or their keys with `to_key=True`), without repeats; every line that names nothing or several records
    is reported."""

    def __init__(self, *, source: str = "unit", scope: str = "view", to_key: bool = False, **kwargs):
        kwargs.setdefault("help_text", _default_list_help(source))
        kwargs.setdefault("widget", PickerListWidget(source, scope))
        super().__init__(**kwargs)
        self.source_name, self.scope, self.to_key = source, scope, to_key
        self.user = None

    def split(self, text: str) -> list[str]:
        src = source(self.source_name)
        lines = []
        for line in re.split(r"[\n;]+", text or ""):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split(",") if p.strip()]
            if len(parts) > 1 and all(src.looks_like_key(p) for p in parts):
                lines.extend(parts)
            else:
                lines.append(line)
        return lines

    def clean(self, value):
        text = super().clean(value) or ""
        src = source(self.source_name)
        found, errors, candidates = [], [], []
        for line in self.split(text):
            obj, matches = resolve_for(src, line, self.user, self.scope)
            if obj is None:
                options = src.options(matches)
                candidates.extend(options)
                errors.append(_not_resolved(src, line, options))
            elif obj not in found:
                found.append(obj)
        if errors:
            self.widget.candidates = candidates[:SUGGESTIONS]
            raise forms.ValidationError(errors)
        return [src.key_of(o) for o in found] if self.to_key else found


def _default_list_help(source_name: str) -> str:
    from django.utils.translation import gettext_lazy

    return {
        "unit": gettext_lazy("Mỗi dòng một đơn vị: gõ vài chữ của tên (có dấu hoặc không) vào ô “Thêm” rồi chọn, "
                             "hoặc gõ tên thẳng vào khung; mã đơn vị cũng được."),
        "case": gettext_lazy("Mỗi dòng một vụ việc: gõ vài chữ của nội dung hoặc mã tra cứu vào ô “Thêm” rồi chọn."),
    }.get(source_name, "")


def _default_help(source_name: str) -> str:
    from django.utils.translation import gettext_lazy

    return {
        "unit": gettext_lazy("Gõ vài chữ của tên đơn vị (có dấu hoặc không), rồi chọn; mã đơn vị cũng được."),
        "model": gettext_lazy("Gõ vài chữ của tên mô hình, rồi chọn trong danh sách."),
        "user": gettext_lazy("Gõ họ tên hoặc tên đăng nhập, rồi chọn trong danh sách."),
        "case": gettext_lazy("Gõ vài chữ của nội dung vụ việc hoặc mã tra cứu, rồi chọn trong danh sách."),
        "activity": gettext_lazy("Gõ vài chữ của tên hoạt động, rồi chọn trong danh sách."),
        "achievement": gettext_lazy("Gõ vài chữ của tên mô hình, hoạt động hoặc cuộc vận động, rồi chọn."),
        "campaign_record": gettext_lazy("Gõ vài chữ của tên hoạt động hoặc khen thưởng, rồi chọn."),
    }.get(source_name, "")


def bind_user(form: forms.Form, user) -> forms.Form:
    """Let the form's pickers resolve typed names within what `user` may pick."""
    for field in form.fields.values():
        if isinstance(field, PickerField | PickerListField):
            field.user = user
    return form


def picker_text(value: Any, source_name: str = "unit") -> str:
    """What a picker shows for a record or a key (used to prefill forms)."""
    return PickerWidget(source_name).format_value(value) or ""
