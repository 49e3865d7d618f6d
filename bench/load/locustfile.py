"""The year-end peak as locust users (bench/load/run.py starts the stack and runs this headless).

Officials (signed in, demo accounts of the demo province; LOAD_OFFICIALS of them): the home page and its work
queue, dashboards, the lists, record pages, form pages, figures entry of the year's report (a POST that
writes data values, audited, roll-ups kept), small imports (a POST that writes commendations through the
importer), the periodic reports board and the annual report. Portal readers (anonymous; LOAD_READERS):
the portal's home, articles, search, the honour roll and the feed.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "danvan-demo-2026")
# Officers and readers of the demo: approvers sign in with a second factor whose code is accepted once per 30 s,
# too slow for 50 sessions; they read the same pages.
OFFICIALS = os.environ.get("LOAD_ACCOUNTS", "cantho.canbo,tw.canbo,hanoi.canbo,ninhkieu.canbo").split(",")
ANNUAL_UNIT = {"cantho.canbo": "VN-92", "tw.canbo": "VN", "hanoi.canbo": "VN-01"}  # each reads its own unit's
WRITER = os.environ.get("LOAD_WRITER", "cantho.canbo")  # writes for its own unit
UNIT = os.environ.get("LOAD_UNIT", "VN-92")
YEAR = os.environ.get("LOAD_YEAR", "2025")
_accounts = itertools.cycle(OFFICIALS)
_lock = threading.Lock()
_refs = itertools.count(1)
RESULTS = os.environ.get("LOAD_RESULTS", "")  # where run.py reads every request's time (JSON lines)
SETUP = {"login page", "sign in"}  # once per session: reported, not part of the officials' goal
_samples: list[tuple[str, str, float, bool]] = []
# Sessions signed in before the run (run.py, LOAD_SESSIONS): [{"username", "cookies"}, …]
_SESSIONS: list[dict] = (json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text(encoding="utf-8"))
                         if os.environ.get("LOAD_SESSIONS") else [])


@events.request.add_listener
def _record(request_type, name, response_time, exception, context, **_kwargs):
    _samples.append((context.get("kind", "?"), name, response_time, exception is not None))


@events.quitting.add_listener
def _write(environment, **_kwargs):
    if RESULTS:
        with open(RESULTS, "w", encoding="utf-8") as handle:
            json.dump({"finished": time.time(), "samples": _samples}, handle)


LISTS = ["/mo-hinh/", "/hoat-dong/", "/khen-thuong/", "/don-thu/", "/van-dong/", "/hoat-dong/van-ban/",
         "/nop-bao-cao/"]


def _csrf(client) -> str:
    return next((c.value for c in client.cookies if c.name == "csrftoken"), "")


THINK = [float(x) for x in os.environ.get("LOAD_THINK", "1,3").split(",")]  # seconds between an official's clicks


class Official(HttpUser):
    fixed_count = int(os.environ.get("LOAD_OFFICIALS", "50"))
    wait_time = between(THINK[0], THINK[1])  # an official reads the page before the next click

    def context(self):
        return {"kind": "official"}

    def on_start(self):
        with _lock:
            signed_in = _SESSIONS.pop() if _SESSIONS else None
            self.username = signed_in["username"] if signed_in else next(_accounts)
        if signed_in:  # signed in by run.py before the measured window (an official's session lasts all day)
            host = urlsplit(self.host).hostname
            for name, value in signed_in["cookies"].items():
                self.client.cookies.set(name, value, domain=host, path="/")
        else:
            self.sign_in()
        page = self.client.get("/hoat-dong/", name="list").text
        self.records = sorted(set(re.findall(r'href="(/hoat-dong/\d+/)"', page)))[:20]

    def sign_in(self):
        self.client.get("/tai-khoan/dang-nhap/", name="login page")
        response = self.client.post("/tai-khoan/dang-nhap/", name="sign in", allow_redirects=False,
                                    data={"username": self.username, "password": PASSWORD,
                                          "csrfmiddlewaretoken": _csrf(self.client)},
                                    headers={"Referer": self.host + "/"})
        if response.status_code != 302:
            raise RuntimeError(f"could not sign in as {self.username}: {response.status_code}")

    @task(4)
    def home(self):
        self.client.get("/", name="home (work queue)")

    @task(2)
    def dashboard(self):
        self.client.get("/bang-dieu-khien/", name="dashboard")

    @task(6)
    def lists(self):
        self.client.get(random.choice(LISTS), name="list")

    @task(3)
    def record(self):
        if self.records:
            self.client.get(random.choice(self.records), name="record page")

    @task(2)
    def form(self):
        self.client.get(random.choice(["/mo-hinh/dang-ky/", "/hoat-dong/them/", "/khen-thuong/them/"]),
                        name="form page")

    @task(1)
    def annual_report(self):
        unit = ANNUAL_UNIT.get(self.username)
        if unit:
            self.client.get(f"/tong-ket/{unit}/{YEAR}/", name="annual report")
        else:
            self.client.get("/", name="home (work queue)")

    @task(1)
    def figures_entry(self):
        if self.username != WRITER:
            self.client.get("/nop-bao-cao/tinh-hinh/", name="reports board")
            return
        url = f"/bao-cao/nhap/{UNIT}/{YEAR}/"
        self.client.get(url, name="figures entry (form)")
        self.client.post(url, name="figures entry (save)", allow_redirects=False,
                         data={"v_dialogue": str(random.randint(100, 999)), "csrfmiddlewaretoken": _csrf(self.client)},
                         headers={"Referer": self.host + url})

    @task(1)
    def small_import(self):
        if self.username != WRITER:
            self.client.get("/khen-thuong/nhap/", name="import page")
            return
        with _lock:
            start = next(_refs) * 1000
        rows = "".join(f"load-{os.getpid()}-{start + i},{UNIT},cá nhân,Người {start + i},giay_khen,2025\n"
                       for i in range(5))
        data = ("external_ref,unit_key,recipient_type,recipient_name,form,period_start_year\n" + rows).encode()
        self.client.post("/khen-thuong/nhap/", name="import (5 rows)", allow_redirects=False,
                         files={"file": ("nhap.csv", data, "text/csv")},
                         data={"csrfmiddlewaretoken": _csrf(self.client)}, headers={"Referer": self.host + "/"})


class PortalReader(HttpUser):
    fixed_count = int(os.environ.get("LOAD_READERS", "20"))
    wait_time = between(2, 5)
    articles: list[str] = []

    def context(self):
        return {"kind": "reader"}

    def on_start(self):
        page = self.client.get("/", name="portal home").text
        found = re.findall(r'href="(/[a-z0-9\-]+/[a-z0-9\-]+/)"', page)
        skip = ("/tai-khoan/", "/cong-viec/", "/vinh-danh/", "/tim-kiem/", "/rss/", "/atom/")
        PortalReader.articles = [a for a in dict.fromkeys(found) if not a.startswith(skip)][:30] or ["/"]

    @task(3)
    def home(self):
        self.client.get("/", name="portal home")

    @task(5)
    def article(self):
        self.client.get(random.choice(self.articles), name="portal article")

    @task(1)
    def search(self):
        self.client.get("/tim-kiem/", params={"q": random.choice(["dân vận", "mô hình", "Cần Thơ"])},
                        name="portal search")

    @task(1)
    def honour_roll(self):
        self.client.get("/vinh-danh/", name="portal honour roll")

    @task(1)
    def feed(self):
        self.client.get("/rss/", name="portal feed")
