"""Giving a worker's freed heap back to the system after a request that built something large (issue 16).

Building a national DOCX or XLSX allocates a few megabytes of short-lived objects (XML trees, table rows).
Python frees them, but glibc's allocator keeps the pages for reuse, so a sync worker that built one document
kept ~10 MB more for the rest of its life. `malloc_trim(0)` returns the free pages at once (about a
millisecond); live objects are untouched. Elsewhere than glibc (musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> bool:
    """Return free heap pages to the system; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
