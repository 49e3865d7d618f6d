"""Fault drill (issue 13): kill and starve the production setup in the middle of real work, then check that
nothing was left half done and that everything recovers.

    make faults                    # every scenario (about 2 minutes once the template database exists)
    .venv/bin/python bench/faults.py --short      # the CI form (.ci/run): consumer and app killed mid-work

The setup is the production one on loopback: gunicorn (2 sync workers), a Huey consumer, PostgreSQL and Redis
— but on a database of its own (`danvan_faults`, copied from a template built once with the country and the
demo) and on a throw-away `redis-server` on port 6390: the machine's shared PostgreSQL and Redis are never
restarted. "Restart PostgreSQL" is `pg_terminate_backend` of every connection of the app to its own database;
"restart Redis" is SIGKILL of our redis-server and a new one (empty: no persistence). The disk quota of
MEDIA_ROOT is a 2 MB tmpfs mounted for the run (needs root; otherwise that scenario is reported as skipped).

"In the middle" is made exact, not timed: the drill holds a SHARE lock on the audit table, so the import or
the approval has written its rows and waits at its audit INSERT inside its transaction; the drill sees the
backend waiting (pg_stat_activity) and SIGKILLs the process group, then lets the lock go.

After each fault: no partial import, no half-approved report, no lost audit row, the job resumes (or fails
visibly), and clients got an error they can retry (a dropped connection, or 503 with Retry-After).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

HEADER = "external_ref,unit_key,recipient_type,recipient_name,form,period_start_year\n"
THRESHOLD = 4000  # bytes: a file above this becomes a job in the drill
STALL = 3  # seconds without a heartbeat before a job is taken back


def commendations_csv(prefix: str, rows: int) -> bytes:
    return (HEADER + "".join(f"{prefix}-{i},VN-92,cá nhân,Người thử {prefix} {i},giay_khen,{2000 + i % 25}\n"
                             for i in range(rows))).encode()


class Drill:
    def __init__(self, args):
        self.args = args
        self.work = stack.ROOT / "var" / "faults"
        self.work.mkdir(parents=True, exist_ok=True)
        self.media = self.work / "media"
        self.media.mkdir(exist_ok=True)
        self.base = f"http://127.0.0.1:{args.port}"
        self.results: list[tuple[str, bool, str]] = []
        self.mounted = False

    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    # --- setup ------------------------------------------------------------------------------------------
    def up(self) -> None:
        self.mount_media()
        self.redis = stack.Redis(self.args.redis_port, self.work)
        self.redis.kill()
        self.redis.start()
        base_env = stack.django_env("", self.redis.url, self.media)
        stack.prepare_template(self.args.template, base_env, self.log)
        self.db_url = stack.fresh_database(self.args.database, self.args.template)
        self.env = stack.django_env(self.db_url, self.redis.url, self.media, IMPORT_JOB_THRESHOLD_BYTES=THRESHOLD,
                                    JOB_STALL_SECONDS=STALL, JOB_HEARTBEAT_SECONDS=1, HUEY_WORKERS=1)
        self.web = stack.gunicorn(self.env, self.args.port, 2, self.work / "gunicorn.log")
        self.consumer = stack.consumer(self.env, 1, self.work / "huey.log")
        self.web.start()  # the consumer starts in the first scenario, once the audit table is held
        stack.wait_http(self.base + "/tai-khoan/dang-nhap/")
        self.officer = stack.sign_in(self.base, "cantho.canbo")
        self.approver = stack.sign_in(self.base, "cantho.lanhdao", env=self.env)  # with the second factor
        self.log(f"up: {self.args.database} (from {self.args.template}), gunicorn on {self.base}, "
                 f"Redis {self.redis.url}" + (", MEDIA_ROOT on a 2 MB tmpfs" if self.mounted else ""))

    def down(self) -> None:
        for process in (getattr(self, "web", None), getattr(self, "consumer", None)):
            if process:
                process.stop()
        if getattr(self, "redis", None):
            self.redis.kill()
        if self.mounted:
            subprocess.run(["umount", str(self.media)], check=False)
        if not self.args.keep:
            stack.drop_database(self.args.database)

    def mount_media(self) -> None:
        if os.geteuid() != 0 or self.args.no_mount:
            return
        subprocess.run(["umount", str(self.media)], capture_output=True, check=False)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(self.media)],
                              capture_output=True, text=True)
        self.mounted = done.returncode == 0
        if not self.mounted:
            self.log(f"could not mount a tmpfs for MEDIA_ROOT ({done.stderr.strip()}); the quota scenario is skipped")

    # --- database checks (straight SQL on the app's database) ------------------------------------------------
    def sql(self, query: str, params=()):
        with psycopg.connect(self.db_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def count(self, query: str, params=()) -> int:
        return self.sql(query, params)[0][0]

    def commendations(self, prefix: str) -> int:
        return self.count("SELECT count(*) FROM commendations_commendation WHERE external_ref LIKE %s",
                          (prefix + "-%",))

    def audit_of_commendations(self, prefix: str) -> int:
        return self.count("SELECT count(*) FROM core_auditevent a JOIN commendations_commendation c "
                          "ON a.target_type = 'commendations.commendation' AND a.target_id = c.id::text "
                          "WHERE c.external_ref LIKE %s", (prefix + "-%",))

    class AuditLock:
        """Holds the audit table against INSERTs (reads go on): writers wait inside their transaction."""

        def __init__(self, drill):
            self.drill = drill

        def __enter__(self):
            self.connection = psycopg.connect(self.drill.db_url)
            self.connection.execute("LOCK TABLE core_auditevent IN SHARE MODE")
            return self

        def __exit__(self, *exc):
            self.connection.rollback()
            self.connection.close()

    def wait_for_blocked_insert(self, seconds: float = 30) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            rows = self.sql("SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
                            "AND query ILIKE %s", (self.args.database, '%INSERT INTO "core_auditevent"%'))
            if rows:
                return rows[0][0]
            time.sleep(0.1)
        raise AssertionError("no writer reached the audit INSERT")

    def restart_web(self) -> None:
        self.web.start()
        stack.wait_http(self.base + "/tai-khoan/dang-nhap/")

    def post_in_background(self, session, url: str, **kwargs) -> dict:
        outcome: dict = {}

        def run():
            try:
                outcome["response"] = session.post(self.base + url, headers={"Referer": self.base + "/",
                                                                             "X-CSRFToken": stack.csrf(session)},
                                                   timeout=60, allow_redirects=False, **kwargs)
            except requests.RequestException as error:
                outcome["error"] = error

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        outcome["thread"] = thread
        return outcome

    def post(self, session, url: str, **kwargs):
        return session.post(self.base + url, headers={"Referer": self.base + "/", "X-CSRFToken": stack.csrf(session)},
                            timeout=60, allow_redirects=False, **kwargs)

    def record(self, name: str, checks: list[tuple[bool, str]]) -> None:
        ok = all(passed for passed, _text in checks)
        failed = "; ".join(text for passed, text in checks if not passed)
        self.results.append((name, ok, failed or "; ".join(text for _p, text in checks[:3])))
        self.log(f"{'OK  ' if ok else 'FAIL'} {name}" + (f" — {failed}" if failed else ""))

    # --- scenarios ---------------------------------------------------------------------------------------
    def app_killed_mid_import(self) -> None:
        data = commendations_csv("F1", 20)  # below the threshold: imported inside the request
        files = {"file": ("nho.csv", data, "text/csv")}
        with self.AuditLock(self):
            pending = self.post_in_background(self.officer, "/khen-thuong/nhap/", files=files)
            self.wait_for_blocked_insert()
            self.web.kill()
            pending["thread"].join(30)
        checks = [("error" in pending, "the client saw the connection drop (it may retry)"),
                  (self.commendations("F1") == 0, "nothing of the import was kept")]
        self.restart_web()
        retry = self.post(self.officer, "/khen-thuong/nhap/", files=files)
        checks += [(retry.status_code == 302, f"the retry was accepted ({retry.status_code})"),
                   (self.commendations("F1") == 20, "the retry imported every row once"),
                   (self.audit_of_commendations("F1") == 20, "one audit row per imported row")]
        self.record("app server killed in the middle of an import", checks)

    def consumer_killed_mid_job(self) -> None:
        data = commendations_csv("F2", 150)
        assert len(data) > THRESHOLD
        self.consumer.stop()  # no consumer yet: the job waits in the queue until the audit table is held
        response = self.post(self.officer, "/khen-thuong/nhap/", files={"file": ("lon.csv", data, "text/csv")})
        job_url = response.headers.get("Location", "")
        with self.AuditLock(self):
            self.consumer.start()
            self.wait_for_blocked_insert(60)  # the consumer wrote the rows and waits at their audit INSERT
            self.consumer.kill()
        public_id = job_url.strip("/").split("/")[-1]
        job = lambda: self.sql("SELECT status, attempts, file, result FROM jobs_job WHERE public_id = %s",  # noqa: E731
                               (public_id,))[0]
        checks = [(response.status_code == 302 and "/cong-viec/" in job_url, "the upload became a job"),
                  (self.commendations("F2") == 0, "the killed run (rows written, not committed) left no row"),
                  (job()[0] == "running", "the job still reads running (its worker died)")]
        time.sleep(STALL + 1.5)  # no heartbeat for longer than JOB_STALL_SECONDS
        self.consumer.start()  # takes orphaned jobs back when it starts
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and job()[0] not in ("done", "failed"):
            time.sleep(0.5)
        status, attempts, file_name, result = job()
        page = self.officer.get(self.base + job_url, timeout=30).text
        checks += [(status == "done" and attempts == 2, f"the job resumed and finished ({status}, {attempts} runs)"),
                   (self.commendations("F2") == 150, "every row imported once"),
                   (self.audit_of_commendations("F2") == 150, "one audit row per imported row"),
                   (file_name == "" and not any(self.media.glob("jobs/*")), "the uploaded file was deleted"),
                   ("Đã nhập: 150 mới" in page, "the job page shows the result"),
                   (self.count("SELECT count(*) FROM core_auditevent WHERE action = 'jobs.job.requeued'") >= 1,
                    "the take-over is audited")]
        self.record("job consumer killed in the middle of an import", checks)

    def app_killed_mid_approval(self) -> None:
        pk = self.sql("SELECT id FROM submissions_submission WHERE status = 'submitted' ORDER BY id LIMIT 1")[0][0]
        accepted = ("SELECT count(*) FROM core_auditevent WHERE action = 'submissions.report.accepted' "
                    "AND target_id = %s")
        with self.AuditLock(self):
            pending = self.post_in_background(self.approver, f"/nop-bao-cao/bao-cao/{pk}/accept/",
                                              data={"note": "drill", "csrfmiddlewaretoken": stack.csrf(self.approver)})
            try:
                self.wait_for_blocked_insert()
            except AssertionError:
                pending["thread"].join(5)
                answer = pending.get("response")
                raise AssertionError(f"the approval did not reach its audit INSERT: {pending.get('error')!r} "
                                     f"{answer is not None and (answer.status_code, answer.headers.get('Location'))}"
                                     ) from None
            self.web.kill()
            pending["thread"].join(30)
        status = lambda: self.sql("SELECT status FROM submissions_submission WHERE id = %s", (pk,))[0][0]  # noqa: E731
        checks = [("error" in pending, "the client saw the connection drop (it may retry)"),
                  (status() == "submitted", "the report is not half approved (still submitted)"),
                  (self.count(accepted, (str(pk),)) == 0, "no audit row of an approval that did not happen")]
        self.restart_web()
        retry = self.post(self.approver, f"/nop-bao-cao/bao-cao/{pk}/accept/", data={"note": "drill"})
        checks += [(retry.status_code == 302 and status() == "accepted", "the retry approved it"),
                   (self.count(accepted, (str(pk),)) == 1, "exactly one audit row of the approval")]
        self.record("app server killed in the middle of a report approval", checks)

    def load(self, seconds: float, during) -> dict[int, int]:
        """Signed-in GETs from 4 threads for `seconds`; `during(elapsed)` is called by the driver meanwhile."""
        statuses: dict[int, int] = {}
        late_bad: list[int] = []
        stop = threading.Event()
        recovered_at: list[float] = []
        urls = ["/", "/khen-thuong/", "/mo-hinh/", "/hoat-dong/", "/nop-bao-cao/"]

        def worker(index):
            session = self.officer if index % 2 else self.approver
            n = index
            while not stop.is_set():
                try:
                    code = session.get(self.base + urls[n % len(urls)], timeout=30, allow_redirects=False).status_code
                except requests.RequestException:
                    code = 0
                statuses[code] = statuses.get(code, 0) + 1
                if recovered_at and time.monotonic() > recovered_at[0] + 2 and code != 200:
                    late_bad.append(code)
                n += 1

        threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(4)]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        during(started, recovered_at)
        while time.monotonic() - started < seconds:
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join(30)
        statuses["late_bad"] = len(late_bad)
        return statuses

    def postgres_connections_killed(self) -> None:
        killed = []

        def during(started, recovered_at):
            time.sleep(1.5)
            killed.append(stack.terminate_app_connections(self.args.database))
            time.sleep(1.5)
            killed.append(stack.terminate_app_connections(self.args.database))
            recovered_at.append(time.monotonic())

        statuses = self.load(6, during)
        after = [self.officer.get(self.base + "/khen-thuong/", timeout=30).status_code for _ in range(6)]
        job = self.post(self.officer, "/khen-thuong/nhap/", files={"file": ("pg.csv", commendations_csv("F4", 150),
                                                                             "text/csv")})
        done = self.wait_job(job.headers.get("Location", ""))
        checks = [(sum(killed) > 0, f"{sum(killed)} connections terminated"),
                  (statuses.get(500, 0) == 0, f"no 500 during the outage ({statuses})"),
                  (statuses.get("late_bad", 0) == 0, "every request after it succeeded"),
                  (set(after) == {200}, "pages answer again"),
                  (done == "done" and self.commendations("F4") == 150, "the consumer reconnected and imported")]
        self.record("PostgreSQL connections terminated under load", checks)

    def wait_job(self, job_url: str, seconds: float = 60) -> str:
        public_id = job_url.strip("/").split("/")[-1]
        deadline = time.monotonic() + seconds
        status = "?"
        while time.monotonic() < deadline:
            rows = self.sql("SELECT status FROM jobs_job WHERE public_id = %s", (public_id,)) if public_id else []
            status = rows[0][0] if rows else "missing"
            if status in ("done", "failed"):
                return status
            time.sleep(0.5)
        return status

    def redis_restarted(self) -> None:
        outage: dict = {}

        def during(started, recovered_at):
            time.sleep(1.5)
            self.redis.kill()
            time.sleep(0.5)
            try:
                outage["import"] = self.post(self.officer, "/khen-thuong/nhap/",
                                             files={"file": ("r.csv", commendations_csv("F5", 150), "text/csv")})
            except requests.RequestException as error:
                outage["import_error"] = error
            time.sleep(1.0)
            self.redis.start()
            recovered_at.append(time.monotonic())

        statuses = self.load(7, during)
        during_import = outage.get("import")
        retry = self.post(self.officer, "/khen-thuong/nhap/", files={"file": ("r.csv", commendations_csv("F5", 150),
                                                                               "text/csv")})
        done = self.wait_job(retry.headers.get("Location", ""), seconds=90)
        checks = [(statuses.get(500, 0) == 0, f"no 500 while Redis was down ({statuses})"),
                  (during_import is not None and during_import.status_code == 503
                   and during_import.headers.get("Retry-After"), "an import during the outage: 503 + Retry-After"),
                  (statuses.get("late_bad", 0) == 0, "every request after the restart succeeded (sessions kept)"),
                  (done == "done" and self.commendations("F5") == 150, "the retried import ran as a job")]
        self.record("Redis killed and restarted empty under load", checks)

    def media_full(self) -> None:
        if not self.mounted:
            self.results.append(("MEDIA_ROOT quota full", True, "SKIPPED: needs root to mount a small tmpfs"))
            self.log("SKIP MEDIA_ROOT quota full (not root)")
            return
        filler = self.media / "filler.bin"
        jobs_before = self.count("SELECT count(*) FROM jobs_job")
        with open(filler, "wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        data = commendations_csv("F6", 150)
        refused = self.post(self.officer, "/khen-thuong/nhap/", files={"file": ("q.csv", data, "text/csv")})
        activity = self.sql("SELECT a.id FROM activities_activity a JOIN orgunits_orgunit u ON u.id = a.unit_id "
                            "WHERE u.key = 'VN-92' ORDER BY a.id LIMIT 1")
        attachment = None
        if activity:
            attachment = self.post(self.officer, f"/hoat-dong/{activity[0][0]}/tep/",
                                   files={"file": ("bien-ban.pdf", b"%PDF-1.4 " + b"x" * 200_000, "application/pdf")})
        jobs_after_refusal = self.count("SELECT count(*) FROM jobs_job")
        filler.unlink()
        for partial in self.media.glob("jobs/*"):  # what the full disk cut short (the nightly clean does this)
            partial.unlink()
        retry = self.post(self.officer, "/khen-thuong/nhap/", files={"file": ("q.csv", data, "text/csv")})
        done = self.wait_job(retry.headers.get("Location", ""))
        checks = [(refused.status_code == 503 and refused.headers.get("Retry-After")
                   and "hết chỗ lưu tệp" in refused.text, f"the import was refused with 503 ({refused.status_code})"),
                  (jobs_after_refusal == jobs_before, "no job row without its file"),
                  (attachment is None or attachment.status_code == 503, "an attachment upload: 503, not 500"),
                  (done == "done" and self.commendations("F6") == 150, "after space was freed the retry worked")]
        self.record("MEDIA_ROOT quota full", checks)

    def run(self) -> int:
        started = time.monotonic()
        try:
            self.up()
            self.consumer_killed_mid_job()
            self.app_killed_mid_approval()
            if not self.args.short:
                self.app_killed_mid_import()
                self.postgres_connections_killed()
                self.redis_restarted()
                self.media_full()
        finally:
            self.down()
        print(f"\nFault drill ({'short' if self.args.short else 'full'}) in {time.monotonic() - started:.0f} s:")
        for name, ok, detail in self.results:
            print(f"  {'OK  ' if ok else 'FAIL'} {name}: {detail}")
        failed = [name for name, ok, _detail in self.results if not ok]
        if failed:
            print(f"logs: {self.work}/gunicorn.log, {self.work}/huey.log")
        return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the CI form: consumer and app server killed mid-work")
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--database", default=os.environ.get("FAULTS_DATABASE", "danvan_faults"))
    parser.add_argument("--template", default=os.environ.get("FAULTS_TEMPLATE", "danvan_faults_template"))
    parser.add_argument("--keep", action="store_true", help="keep the drill's database afterwards")
    parser.add_argument("--no-mount", action="store_true", help="do not mount a tmpfs for MEDIA_ROOT")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z0-9_]+", args.database) or not re.fullmatch(r"[a-z0-9_]+", args.template):
        raise SystemExit("database names: lower-case letters, digits and _")
    if args.database.startswith("danvan_bench") or args.template.startswith("danvan_bench"):
        raise SystemExit("the benchmark databases are not for the drill")
    sys.exit(Drill(args).run())


if __name__ == "__main__":
    main()
