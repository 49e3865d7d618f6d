"""Units in the picker: "Phường Ninh Kiều (VN-92-31117)", with level, province and validity dates."""

from __future__ import annotations

import re

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short

from . import selectors
from .models import OrgUnit

_KEY = re.compile(r"^(VN|TW)(-[A-Za-z0-9]+)*$", re.IGNORECASE)


def _province_key(key: str) -> str | None:
    parts = key.split("-")
    return "-".join(parts[:2]) if parts[0] == "VN" and len(parts) > 2 else None


class UnitSource(picker.Source):
    name = "unit"
    noun = gettext_lazy("đơn vị")
    keys_anywhere = True

    def queryset(self, user, scope: str) -> QuerySet:
        from danvan.accounts import permissions

        if user is None or scope == "all":
            return OrgUnit.objects.all()
        if scope == "write":
            return permissions.on_behalf_units(user)
        return permissions.scope(OrgUnit.objects.all(), user, permissions.VIEW)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        # Today's units first, then the former ones (newest end date first), higher levels first.
        return selectors.search(query, within=qs).order_by(F("valid_to").desc(nulls_first=True), "depth", "name")

    def looks_like_key(self, text: str) -> bool:
        return bool(_KEY.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str) -> OrgUnit | None:
        return qs.filter(key=key.strip().upper()).first()

    def key_of(self, obj: OrgUnit) -> str:
        return obj.key

    def value(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.key})"

    def prefer(self, objs: list[OrgUnit]) -> list[OrgUnit]:
        return [u for u in objs if u.valid_to is None]

    def options(self, objs: list[OrgUnit]) -> list[picker.Option]:
        provinces = {_province_key(u.key) for u in objs} - {None}
        names = dict(OrgUnit.objects.filter(key__in=provinces).values_list("key", "name"))
        today = selectors.today()
        result = []
        for unit in objs:
            old = unit.valid_to is not None and unit.valid_to < today
            bits = [unit.get_level_display()]
            province = names.get(_province_key(unit.key) or "")
            if province:
                bits.append(province)
            if unit.valid_to:
                bits.append(_("%(a)s – %(b)s") % {"a": format_date_short(unit.valid_from) or "…",
                                                    "b": format_date_short(unit.valid_to)})
            elif unit.valid_from:
                bits.append(_("từ %(d)s") % {"d": format_date_short(unit.valid_from)})
            title = unit.name + (" " + _("(cũ)") if old else "")
            result.append(picker.Option(self.value(unit), title, " · ".join(bits), old))
        return result


picker.register(UnitSource())
