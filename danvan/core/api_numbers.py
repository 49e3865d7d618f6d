"""Numbers sent to the API: JSON numbers as they are; strings read by the one parser of forms and importers.

An integration sends JSON numbers (`4200`, `1250000`, `17.6`). A string is read the way officials write
numbers, exactly as the forms and the import files read it (`danvan.core.parsing`): "4.200" and "1.250.000"
are grouped thousands, "17,6" and "1.234,5" use the decimal comma, "1234.5" is also accepted. So "1.250"
means one thousand two hundred and fifty, never 1,25 — send the JSON number 1.25 for that.
"""

from __future__ import annotations

from rest_framework import serializers

from .parsing import parse_decimal

_NUMBER_FIELDS = (serializers.IntegerField, serializers.DecimalField, serializers.FloatField)


def read_number(field: serializers.Field, value):
    """What a numeric field should validate: the parsed number of a string, anything else unchanged."""
    if not isinstance(value, str) or not isinstance(field, _NUMBER_FIELDS):
        return value
    number = parse_decimal(value)
    if number is None:
        return value  # the field's own error message says it is not a number
    if isinstance(field, serializers.IntegerField):
        return int(number) if number == number.to_integral_value() else str(number)
    return str(number)


class VnNumbersMixin:
    """For serializers: numeric fields accept strings typed with Vietnamese separators (see module doc)."""

    def to_internal_value(self, data):
        if hasattr(data, "items"):
            fields = self.fields  # type: ignore[attr-defined]
            changed = {name: read_number(fields[name], value) for name, value in data.items()
                       if name in fields and not fields[name].read_only and isinstance(value, str)}
            if changed:
                data = {**(data.dict() if hasattr(data, "dict") else dict(data)), **changed}
        return super().to_internal_value(data)  # type: ignore[misc]
