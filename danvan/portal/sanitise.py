"""Rich text reaching the database passes Wagtail's whitelister for the portal's features.

The editor already converts through it; this also covers text from imports, the shell and the demo loader:
no script, no inline handlers or styles, no iframes or embeds, only http(s)/mailto/tel links.
"""

from __future__ import annotations

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.rich_text import RichText

from .blocks import RICH_TEXT_FEATURES

_converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)


def clean_html(html: str) -> str:
    """Database-format rich text in, whitelisted database-format rich text out (page links kept)."""
    return _converter.to_database_format(_converter.from_database_format(html or ""))


def clean_body(body) -> None:
    """Sanitise every paragraph of a StreamField value in place."""
    for index, block in enumerate(body):
        if block.block_type == "paragraph":
            source = block.value.source if isinstance(block.value, RichText) else str(block.value)
            cleaned = clean_html(source)
            if cleaned != source:
                body[index] = ("paragraph", RichText(cleaned))
