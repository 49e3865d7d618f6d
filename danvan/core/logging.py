"""Logging filters."""

from __future__ import annotations

import logging


class DropForbiddenTraceback(logging.Filter):
    """Keeps "Forbidden (Permission denied): /path" as one line: a 403 is not an error of the program."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
