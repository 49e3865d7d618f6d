"""The production setup on loopback, for the fault script and the load test: a PostgreSQL database of its own,
a throw-away Redis on its own port, gunicorn and Huey consumers — each started, killed and restarted by id.

Nothing here touches the machine's shared PostgreSQL server or Redis beyond the one database it creates: the
PostgreSQL "restart" is `pg_terminate_backend` of the app's connections to its own database, and Redis is a
`redis-server` of ours on another port (never the shared one on 6379).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
PY = str(VENV / "bin" / "python")
GUNICORN = str(VENV / "bin" / "gunicorn")
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DEMO_PASSWORD = "danvan-demo-2026"


def _admin():
    return psycopg.connect(PG_ADMIN, autocommit=True)


def _fingerprint() -> str:
    """Changes when any migration changes: a template built from older migrations is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("danvan/*/migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def database_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def prepare_template(name: str, env: dict, log) -> None:
    """A migrated database with the country's units and the demo data, built once and reused as a template."""
    fingerprint = _fingerprint()
    with _admin() as admin:
        row = admin.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                            (name,)).fetchone()
        if row and row[0] == fingerprint:
            return
        if row:
            admin.execute(f'DROP DATABASE "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    log(f"building the template database {name} (migrate, units, demo) — once per migration change")
    template_env = {**env, "DATABASE_URL": database_url(name)}
    for command in (["migrate", "--noinput", "-v", "0"], ["load_units", "-v", "0"], ["load_demo", "-v", "0"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=template_env, check=True,
                       stdout=subprocess.DEVNULL)
    with _admin() as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{fingerprint}'")


def fresh_database(name: str, template: str) -> str:
    with _admin() as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (template,))
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return database_url(name)


def drop_database(name: str) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def terminate_app_connections(name: str, keep_pid: int | None = None) -> int:
    """The PostgreSQL "restart" of the fault script: every connection of the app to its own database dies."""
    with _admin() as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
            " AND pid IS DISTINCT FROM %s", (name, keep_pid)).fetchall()
    return len(rows)


class Redis:
    """A redis-server of our own (no persistence), on a port nobody else uses."""

    def __init__(self, port: int, workdir: Path):
        self.port, self.workdir = port, workdir
        self.pidfile = workdir / f"redis-{port}.pid"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is needed (apt-get install redis-server)")
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--pidfile", str(self.pidfile),
                        "--dir", str(self.workdir), "--logfile", str(self.workdir / f"redis-{self.port}.log")],
                       check=True)
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise SystemExit(f"redis-server on port {self.port} did not start")

    def kill(self) -> None:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        self.pidfile.unlink(missing_ok=True)


class Process:
    """One process group (gunicorn master and workers, or a consumer) started and ended by its id."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path):
        self.name, self.command, self.env, self.log_path = name, command, env, log_path
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 (the child keeps it)
        self.popen = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log,
                                      start_new_session=True)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: the crash of a machine, as far as these processes know."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def django_env(database: str, redis: str, media_root: Path, **extra) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database, "REDIS_URL": redis, "DEBUG": "0", "MEDIA_ROOT": str(media_root),
                "SECRET_KEY": "danvan-bench-not-secret-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING", "CONN_MAX_AGE": "60"})
    env.update({k: str(v) for k, v in extra.items()})
    return env


def gunicorn(env: dict, port: int, workers: int, log_path: Path, timeout: int = 30) -> Process:
    return Process("gunicorn", [GUNICORN, "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                "--worker-class", "sync", "--timeout", str(timeout), "--log-level", "warning"],
                   env, log_path)


def consumer(env: dict, workers: int, log_path: Path) -> Process:
    return Process("huey", [PY, "manage.py", "run_huey", "-w", str(workers), "-k", "thread"], env, log_path)


def wait_http(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


def sign_in(base: str, username: str, password: str = DEMO_PASSWORD, env: dict | None = None):
    """A requests.Session signed in through the login page (CSRF token and cookie as a browser has them). Roles
    with a second factor (approvers, administrators, editors) also pass the code page: the code is the one the
    demo account's authenticator would show (`manage.py demo_otp`, with `env` naming the database)."""
    import requests

    session = requests.Session()
    page = session.get(base + "/tai-khoan/dang-nhap/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(base + "/tai-khoan/dang-nhap/", data={"csrfmiddlewaretoken": token, "username": username,
                                                                  "password": password},
                            headers={"Referer": base + "/"}, timeout=30, allow_redirects=False)
    if "sessionid" not in session.cookies:
        raise SystemExit(f"could not sign in as {username}")
    home = session.get(base + response.headers.get("Location", "/"), timeout=30, allow_redirects=False)
    if "xac-thuc-hai-buoc" in home.headers.get("Location", ""):
        if env is None:
            raise SystemExit(f"{username} needs a second factor: pass env= to sign_in")
        for _attempt in range(3):  # a code is accepted once per 30-s step: wait for the next one if it was used
            code = subprocess.run([PY, "manage.py", "demo_otp", username], cwd=ROOT, env=env, check=True,
                                  capture_output=True, text=True).stdout.strip()
            verify = session.post(base + "/tai-khoan/xac-thuc-hai-buoc/", data={
                "token": code, "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                headers={"Referer": base + "/"}, timeout=30, allow_redirects=False)
            if verify.status_code == 302:
                break
            time.sleep(31)
        else:
            raise SystemExit(f"could not pass the second factor as {username}")
    return session


def csrf(session) -> str:
    return session.cookies.get("csrftoken", "")
