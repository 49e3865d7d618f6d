"""`backup` then `restore` on a fresh database gives back every row and every uploaded file, checked against
the manifest; a damaged archive or a non-empty target is refused before anything is written.

Runs the real commands in subprocesses against databases of their own, on the engine the suite runs on.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def databases(tmp_path):
    """Two empty databases (source, target) of the suite's engine, as DATABASE_URLs."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    names = [f"danvan_backup_{uuid.uuid4().hex[:8]}_{suffix}" for suffix in ("a", "b")]
    admin = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
                            dbname="postgres", autocommit=True)
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    yield tuple(f"{base}/{name}" for name in names)
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _manage(database_url: str, media: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                          text=True, check=False, timeout=600)


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_backup_and_restore_give_back_every_row_and_file(databases, tmp_path):
    source, target = databases
    source_media, target_media = tmp_path / "media-a", tmp_path / "media-b"
    _ok(_manage(source, source_media, "migrate", "--noinput", "-v0"))
    _ok(_manage(source, source_media, "load_units", "-v0"))
    (source_media / "registry").mkdir(parents=True)
    (source_media / "registry" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 bi\xc3\xaan b\xe1\xba\xa3n")
    archive = tmp_path / "backup.tar.gz"

    printed = _ok(_manage(source, source_media, "backup", "--output", str(archive)))
    assert "Đã sao lưu" in printed
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"]["orgunits_orgunit"] == 14136
    assert list(manifest["files"]) == ["registry/bien-ban.pdf"]

    printed = _ok(_manage(target, target_media, "restore", str(archive)))
    assert "khớp bản kê" in printed
    assert (target_media / "registry" / "bien-ban.pdf").read_bytes() == b"%PDF-1.4 bi\xc3\xaan b\xe1\xba\xa3n"
    # A second restore into the now filled database is refused: nothing is overwritten.
    again = _manage(target, target_media, "restore", str(archive))
    assert again.returncode != 0 and "cơ sở dữ liệu trống" in again.stderr


def test_a_damaged_archive_is_refused_before_anything_is_written(databases, tmp_path):
    source, target = databases
    media = tmp_path / "media"
    _ok(_manage(source, media, "migrate", "--noinput", "-v0"))
    media.mkdir(exist_ok=True)
    (media / "a.pdf").write_bytes(b"%PDF-1.4 original")
    archive = tmp_path / "backup.tar.gz"
    _ok(_manage(source, media, "backup", "--output", str(archive)))

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "media/a.pdf":
                data = b"%PDF-1.4 tampered"
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    result = _manage(target, tmp_path / "media-target", "restore", str(damaged))
    assert result.returncode != 0 and "bị hỏng" in result.stderr
    assert not (tmp_path / "media-target" / "a.pdf").exists()
    tables = _manage(target, tmp_path / "media-target", "shell", "-c",
                     "from django.db import connection; print(len(connection.introspection.table_names()))")
    assert _ok(tables).strip().splitlines()[-1] == "0"
