"""Form fields for numbers and dates as Vietnamese officials type them (parsing in danvan.core.parsing).

No `type=number` or `type=date` inputs: the browser would block "4.200" with an English message and show
dates in its own locale (mm/dd/yyyy in an en-US browser). Text inputs with a numeric keyboard instead.
"""

from __future__ import annotations

import datetime as _datetime
from decimal import Decimal as _Decimal

from django import forms as _forms
from django.utils.translation import gettext_lazy as _lazy

from .formatting import format_date_short, format_number
from .parsing import parse_date, parse_decimal, parse_int


class NumberInput(_forms.TextInput):
    """A text field with a numeric keyboard: the browser never blocks "4.200" with its own message."""

    def __init__(self, attrs=None, decimal: bool = False):
        super().__init__({"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | _Decimal | float) and not isinstance(value, bool):
            # Years and codes stay ungrouped; amounts read "1.250.000".
            return format_number(value, 6) if abs(value) >= 10000 or not float(value).is_integer() else str(value)
        return super().format_value(value)


class DateInput(_forms.TextInput):
    """dd/mm/yyyy whatever the browser's locale (a native date picker would follow the browser's language)."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                          "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, _datetime.date):
            return format_date_short(value)
        return super().format_value(value)


class VnIntegerField(_forms.IntegerField):
    """Bounded by the database's integer column unless the form says otherwise: "1e30" gets a message."""

    widget = NumberInput
    default_error_messages = {"invalid": _lazy("Nhập một số nguyên, ví dụ 4200 hoặc 4.200.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("min_value", -(2**31))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_int(str(value))
        if number is None:
            raise _forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None), attrs.pop("max", None), attrs.pop("step", None)  # no browser-side blocking
        return attrs


class VnDecimalField(_forms.DecimalField):
    widget = NumberInput
    default_error_messages = {"invalid": _lazy("Nhập một số, ví dụ 1.250.000 hoặc 17,6.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", NumberInput(decimal=True))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, _Decimal | int):
            return _Decimal(value)
        number = parse_decimal(str(value))
        if number is None:
            raise _forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None), attrs.pop("max", None), attrs.pop("step", None)
        return attrs


class VnDateField(_forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _lazy("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 27/12/2017.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, _datetime.datetime):
            return value.date()
        if isinstance(value, _datetime.date):
            return value
        day = parse_date(str(value))
        if day is None:
            raise _forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day
