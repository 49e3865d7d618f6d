"""Users in the picker: "Huỳnh Thị Xã (ninhkieu.canbo)", found by name with or without diacritics."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.text import fold, search_terms

from .models import User


class UserSource(picker.Source):
    name = "user"
    noun = gettext_lazy("người dùng")

    def queryset(self, user, scope: str) -> QuerySet:
        from . import permissions

        qs = User.objects.filter(is_active=True)
        if user is None or scope == "all" or user.is_superuser:
            return qs
        # People who hold a membership somewhere the user may read.
        condition = permissions.scope_q(user, permissions.VIEW, prefix="memberships__unit__")
        return qs.filter(condition).distinct() if condition is not None else qs

    def search(self, qs: QuerySet, query: str) -> list[User]:
        terms = search_terms(query)
        if not terms:
            return []
        # Accounts are few (thousands): fold names in Python so "huynh thi" finds "Huỳnh Thị".
        return [u for u in qs.order_by("full_name", "username")[:5000]
                if all(t in fold(f"{u.full_name} {u.username}") for t in terms)]

    def looks_like_key(self, text: str) -> bool:
        return " " not in text.strip()

    def by_key(self, qs: QuerySet, key: str) -> User | None:
        return qs.filter(username=key.strip()).first()

    def key_of(self, obj: User) -> str:
        return obj.username

    def value(self, obj: User) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"

    def options(self, objs: list[User]) -> list[picker.Option]:
        return [picker.Option(self.value(u), u.full_name or u.username, u.username) for u in objs]


picker.register(UserSource())
