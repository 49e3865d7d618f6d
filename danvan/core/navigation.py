"""Main-menu entries; each app registers its own in AppConfig.ready() so no app edits another."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100


_ITEMS: list[NavItem] = []


def register(label, url_name: str, order: int = 100) -> None:
    if not any(item.url_name == url_name for item in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, order))


def items() -> list[NavItem]:
    return sorted(_ITEMS, key=lambda item: (item.order, item.url_name))
