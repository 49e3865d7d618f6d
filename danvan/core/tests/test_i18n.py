"""Vietnamese by default; English through the catalogue (message ids are Vietnamese)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_vietnamese_by_default_and_english_on_request(client):
    assert "Đăng nhập" in client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("accounts:login")).content.decode()
    assert "Log in" in english and "Đăng nhập" not in english


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and "Log in" not in page


def test_every_catalogue_entry_is_translated():
    from pathlib import Path

    po = (Path(__file__).resolve().parents[3] / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first block is the header
    untranslated = [e for e in entries if 'msgstr ""\n' in e + "\n" and "msgstr \"\"\n\"" not in e]
    assert untranslated == []


def test_service_messages_are_translated():
    from danvan.core.imports import RowError

    with translation.override("en"):
        assert str(RowError(3, "unit", "x")) == "Row 3, column “unit”: x"
    with translation.override("vi"):
        assert str(RowError(3, "unit", "x")) == "Dòng 3, cột “unit”: x"
