"""Environment reading for settings: an empty variable counts as unset."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

import environ


class _NonEmptyEnviron(Mapping):
    """os.environ without the variables whose value is empty or blank."""

    def __getitem__(self, name: str) -> str:
        value = os.environ[name]
        if not value.strip():
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name, value in os.environ.items() if value.strip())

    def __len__(self) -> int:
        return sum(1 for _ in self)


class NonEmptyEnv(environ.Env):
    """django-environ where `DEBUG=` or `DATABASE_URL=` (as in .env.example) falls back to the default."""

    ENVIRON = _NonEmptyEnviron()
