#!/usr/bin/env bash
# First start (issue 14): a fresh clone works with `make demo` then plain `manage.py runserver`, with
# `make run`, and with `.env.example` copied verbatim to `.env`. Each server is asked for the sign-in page,
# a static file and, signed in as a demo official, the home page, a list and a record page (all 200).
#
# Fast: the clone reuses this checkout's virtual environment (installing it is what `.ci/run`'s fresh-venv
# step proves), so the run is the database, the country, the demo data and three servers (~2–3 min).
# Usage: bash .ci/fresh_start.sh            (non-zero on any failure; the clone is removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD"
venv="$(cd .venv && pwd -P)"
work="$(mktemp -d)"
clone="$work/danvan"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== fresh clone of $(git rev-parse --short HEAD) into $clone"
git clone --quiet --no-hardlinks "$here" "$clone"
git -C "$clone" checkout --quiet "$(git rev-parse HEAD)"
ln -s "$venv" "$clone/.venv"
cd "$clone"
[ ! -e .env ] && [ ! -e var/danvan.sqlite3 ] || { echo "the clone is not fresh" >&2; exit 1; }

# A new developer's environment: none of danvan's settings exported (CI may export DATABASE_URL…).
for name in $(grep -oE '^[A-Z_]+=' .env.example | tr -d '='); do unset "$name"; done
unset DJANGO_SETTINGS_MODULE
# make must not reinstall the shared environment: its marker counts as up to date.
MAKE="make --no-print-directory -o .venv/.installed"

free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits for the server on $1, then checks the pages a new user opens first.
probe() {
  "$venv/bin/python" - "$1" <<'PY'
import http.cookiejar, re, sys, time, urllib.error, urllib.parse, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def get(path):
    with opener.open(base + path, timeout=60) as response:
        return response.status, response.read().decode("utf-8", "replace")

for _ in range(1200):  # up to 10 minutes: `make run` loads the demo data first
    try:
        status, login = get("/tai-khoan/dang-nhap/")
        break
    except (urllib.error.URLError, ConnectionError, OSError):
        time.sleep(0.5)
else:
    sys.exit("the server did not answer")
assert status == 200, status
css = re.search(r'href="(/static/[^"]+\.css)"', login)
assert css, "no stylesheet on the sign-in page"
status, _ = get(css.group(1))
assert status == 200, (css.group(1), status)
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "cantho.canbo",
                               "password": "danvan-demo-2026"}).encode()
request = urllib.request.Request(base + "/tai-khoan/dang-nhap/", data=data, headers={"Referer": base + "/"})
with opener.open(request, timeout=60) as response:
    assert response.status == 200 and "/tai-khoan/dang-nhap/" not in response.url, "sign-in failed"
for path in ("/", "/mo-hinh/", "/don-thu/", "/bang-dieu-khien/VN-92/"):
    status, html = get(path)
    assert status == 200 and "<html" in html, (path, status)
record = re.search(r'href="(/mo-hinh/\d+/[^"]*)"', get("/mo-hinh/")[1])
assert record and get(record.group(1))[0] == 200, "no model page"
print(f"   ok: sign-in page, {css.group(1)}, home, lists, a record")
PY
}

serve() {  # serve NAME COMMAND…: run in its own process group, probe, stop
  local name="$1" port="$2"; shift 2
  echo "== $name (port $port)"
  setsid "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  if ! probe "$port"; then tail -n 40 "$work/$name.log" >&2; exit 1; fi
  kill -- "-${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
  if grep -q "Traceback" "$work/$name.log"; then cat "$work/$name.log" >&2; exit 1; fi
}

echo "== make demo (database, the country's units, demo data)"
$MAKE demo >"$work/demo.log" 2>&1 || { tail -n 40 "$work/demo.log" >&2; exit 1; }
[ ! -e var/static/staticfiles.json ] || { echo "make demo collected static files" >&2; exit 1; }

port=$(free_port)
serve "plain-runserver" "$port" .venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload

port=$(free_port)
serve "make-run" "$port" $MAKE run PORT="$port"
[ -e var/static/staticfiles.json ] || { echo "make run did not collect static files" >&2; exit 1; }

echo "== .env.example copied to .env"
cp .env.example .env
.venv/bin/python manage.py check >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; exit 1; }
port=$(free_port)
serve "runserver-with-env" "$port" .venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload

echo "== first start works: make demo + runserver, make run, .env from .env.example"
