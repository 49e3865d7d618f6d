"""A fresh clone must start: `.env.example` copied verbatim, static files before collectstatic, 403 logs."""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from danvan.core.logging import DropForbiddenTraceback

ROOT = Path(__file__).resolve().parents[3]


def _clean_environment() -> dict[str, str]:
    """The environment of a new developer: none of danvan's settings variables exported."""
    names = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
             if "=" in line and not line.startswith("#")}
    env = {k: v for k, v in os.environ.items() if k not in names and k != "DJANGO_SETTINGS_MODULE"}
    return env


def test_env_example_copied_verbatim_to_env_passes_manage_check(tmp_path):
    clone = tmp_path / "danvan"
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", ".env"))
    shutil.copy(clone / ".env.example", clone / ".env")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=clone, env=_clean_environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # The empty DEBUG= must not switch DEBUG on, and the empty DATABASE_URL= falls back to SQLite in var/.
    probe = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
         "django.setup(); from django.conf import settings as s; "
         "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.SESSION_COOKIE_AGE)"],
        cwd=clone, env=_clean_environment(), capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["False", "django.db.backends.sqlite3", "['127.0.0.1',", "'localhost']",
                                    "28800"]


def test_empty_variable_counts_as_unset_but_a_value_still_counts(monkeypatch):
    from config.env import NonEmptyEnv

    env = NonEmptyEnv()
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "")
    assert env.int("LOGIN_RATE_LIMIT", default=5) == 5
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "  ")
    assert env.int("LOGIN_RATE_LIMIT", default=5) == 5
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "9")
    assert env.int("LOGIN_RATE_LIMIT", default=5) == 9


def test_static_urls_work_before_collectstatic_and_are_hashed_after(tmp_path):
    from danvan.core.staticfiles import DanvanStaticFilesStorage

    with override_settings(STATIC_COLLECTED=False):
        assert DanvanStaticFilesStorage(location=str(tmp_path)).url("css/danvan.css") == "/static/css/danvan.css"
    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {"css/danvan.css": "css/danvan.0123456789ab.css"}, "version": "1.1", "hash": "x"}')
    with override_settings(STATIC_COLLECTED=True):
        url = DanvanStaticFilesStorage(location=str(tmp_path)).url("css/danvan.css")
    assert url == "/static/css/danvan.0123456789ab.css"


@pytest.mark.django_db
def test_forbidden_request_logs_one_line_without_traceback(client, make_user, caplog):
    user = make_user("VN-92", "viewer")  # may read Cần Thơ, may not write its report
    client.force_login(user)
    handler_filter = DropForbiddenTraceback()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/nop-bao-cao/nhap/tong-ket-nam/VN-92/2024/")
    assert response.status_code == 403
    records = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert records and records[0].exc_info  # Django attaches the exception…
    handler_filter.filter(records[0])
    assert records[0].exc_info is None  # …and the console handler's filter drops it
    formatted = logging.Formatter().format(records[0])
    assert "Traceback" not in formatted and "Forbidden" in formatted
