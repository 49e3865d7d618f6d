"""Consistent backups and verified restores: the database plus the uploaded files, with a manifest.

An archive (`.tar.gz`) holds `database.dump` (PostgreSQL: `pg_dump -Fc` of an exported snapshot; SQLite: a
copy made with SQLite's online backup API), `media/…` (every file under MEDIA_ROOT) and `manifest.json`: the
row count of every table *in the same snapshot as the dump*, and the SHA-256 of the dump and of every file.
A restore checks every checksum before touching anything, loads the database into an empty target, copies the
files and compares every table's count with the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_DIR = "media"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot be done safely; the message says why (Vietnamese)."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _count_tables(cursor, quote) -> dict[str, int]:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names come from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump of a snapshot exported by a repeatable-read transaction that also counts the rows."""
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            result = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
                ["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target), *_pg_args(db),
                 db["NAME"]],
                env=_pg_env(db), capture_output=True, text=True, check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump thất bại: {result.stderr.strip()}")
            counts = _count_tables(cursor, connection.ops.quote_name)
        finally:
            cursor.execute("COMMIT")
    return counts


def _dump_sqlite(target: Path) -> dict[str, int]:
    """SQLite's online backup API copies a consistent image even while the site writes."""
    source = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        cursor = copy.cursor()
        names = [r[0] for r in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        counts = {name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
                  for name in sorted(names)}
        copy.close()
    finally:
        source.close()
    return counts


def create_backup(output: Path) -> dict:
    """Write the archive to `output` and return its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as workdir:
        dump = Path(workdir) / DUMP
        engine = connection.vendor
        if engine == "postgresql":
            counts = _dump_postgresql(dump)
        elif engine == "sqlite":
            counts = _dump_sqlite(dump)
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {engine}.")
        files = {}
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                files[path.relative_to(media_root).as_posix()] = sha256_of(path)
        manifest = {
            "format": FORMAT_VERSION, "engine": engine, "created": timezone.now().isoformat(),
            "database_sha256": sha256_of(dump), "tables": counts, "files": files,
        }
        manifest_path = Path(workdir) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, MANIFEST)
            archive.add(dump, DUMP)
            for relative in files:
                archive.add(media_root / relative, f"{MEDIA_DIR}/{relative}")
        partial.replace(output)  # an interrupted backup never leaves a file that looks complete
    return manifest


def default_backup_path() -> Path:
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"danvan-{stamp}.tar.gz"


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {member.name}")
        members.append(member)
    return members


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore_backup(archive_path: Path) -> RestoreReport:
    """Restore an archive into the configured, empty database and MEDIA_ROOT; verify everything."""
    if not archive_path.exists():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive_path}.")
    with tempfile.TemporaryDirectory() as workdir:
        root = Path(workdir)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(root, members=_safe_members(archive), filter="data")
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError("Phiên bản tệp sao lưu không được hỗ trợ.")
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"Tệp sao lưu của {manifest['engine']} không khôi phục được vào {connection.vendor}.")
        if sha256_of(root / DUMP) != manifest["database_sha256"]:
            raise BackupError("Bản sao cơ sở dữ liệu trong tệp sao lưu bị hỏng (sai mã kiểm tra).")
        for relative, digest in manifest["files"].items():
            if sha256_of(root / MEDIA_DIR / relative) != digest:
                raise BackupError(f"Tệp đính kèm {relative} bị hỏng (sai mã kiểm tra).")
        if not _database_is_empty():
            raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống.")
        _load_database(root / DUMP)
        media_root = Path(settings.MEDIA_ROOT)
        for relative in manifest["files"]:
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / MEDIA_DIR / relative, target)
    with connection.cursor() as cursor:
        restored = _count_tables(cursor, connection.ops.quote_name)
    expected = manifest["tables"]
    differing = sorted(t for t in set(expected) | set(restored) if expected.get(t) != restored.get(t))
    if differing:
        raise BackupError("Số dòng sau khi khôi phục khác bản kê: " + ", ".join(differing[:10]))
    return RestoreReport(tables=len(restored), rows=sum(restored.values()), files=len(manifest["files"]))


def _load_database(dump: Path) -> None:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        result = subprocess.run(  # noqa: S603
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", db["NAME"], *_pg_args(db), str(dump)],
            env=_pg_env(db), capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore thất bại: {result.stderr.strip()}")
        return
    connections.close_all()
    source = sqlite3.connect(dump)
    try:
        target = sqlite3.connect(db["NAME"])
        with target:
            source.backup(target)
        target.close()
    finally:
        source.close()
