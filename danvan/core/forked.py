"""Work done in a short-lived forked child, so the calling worker never keeps what the work needed (issue 16).

Drawing a chart with matplotlib or building a national DOCX with python-docx imports libraries and allocates
memory that a web worker would keep for the rest of its life (60 MB for matplotlib and numpy, 10–20 MB for a
document), for work done a few times a day. `run_apart(func)` forks, runs `func` in the child, hands its
pickled result back through a pipe and lets the child exit without running the parent's exit handlers.

`func` must not use the database or the cache: the child shares the parent's connections. Where fork is
unavailable, where the process runs other threads (a lock held by one of them at the fork would hang the
child), or when the child fails, `func` runs here instead: the result is the same, and an error is raised
here, with its traceback.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")


def run_apart(func: Callable[[], T]) -> T:
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return func()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(func(), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _pid, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        logger.warning("work done in this process: the child failed (status %s)", status)
        return func()
    return pickle.loads(data)  # noqa: S301 - bytes from our own child
