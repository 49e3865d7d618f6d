"""Test helpers for the API error shape (core.api_errors)."""

from __future__ import annotations


def error_fields(response) -> dict[str, list[str]]:
    """{field: [message_vi, …]} of an API error response; errors without a field under "non_field_errors"."""
    found: dict[str, list[str]] = {}
    for item in response.json()["errors"]:
        assert set(item) >= {"code", "field", "message_vi", "message_en"}, item
        found.setdefault(item["field"] or "non_field_errors", []).append(item["message_vi"])
    return found
