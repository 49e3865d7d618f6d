"""Work done in a short-lived child process (core.forked), so a worker never keeps what it needed."""

import os
import sys

import pytest

from danvan.core.forked import run_apart

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only; elsewhere the work runs here")


def _import_and_report():
    import tabnanny  # a standard module nothing in the project imports

    return ("tabnanny" in sys.modules, os.getpid(), tabnanny.__name__)


def test_the_result_comes_back_and_the_child_s_imports_stay_there(monkeypatch):
    monkeypatch.setattr("threading.active_count", lambda: 1)  # as in a sync worker (the test runner has threads)
    sys.modules.pop("tabnanny", None)
    imported, pid, name = run_apart(_import_and_report)
    assert imported and name == "tabnanny"
    assert pid != os.getpid()
    assert "tabnanny" not in sys.modules


def test_a_failing_child_runs_the_work_here_and_raises_here(monkeypatch):
    monkeypatch.setattr("threading.active_count", lambda: 1)

    def fails():
        raise ValueError("hỏng")

    with pytest.raises(ValueError, match="hỏng"):
        run_apart(fails)


def test_a_process_with_other_threads_never_forks(monkeypatch):
    monkeypatch.setattr("threading.active_count", lambda: 3)
    _imported, pid, _name = run_apart(_import_and_report)
    assert pid == os.getpid()
