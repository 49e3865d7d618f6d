"""The committed lock (requirements.lock, installed by `make install` with --require-hashes) holds every pin of
requirements*.txt at the same version, each with hashes — a pin changed without `make lock` fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[_name(match.group(1))] = match.group(2)
    return pins


def test_every_pin_is_locked_with_hashes_at_the_same_version():
    lock_text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = _pins(ROOT / "requirements.lock")
    for source in ("requirements.txt", "requirements-dev.txt"):
        for name, version in _pins(ROOT / source).items():
            assert locked.get(name) == version, f"{source}: {name}=={version}, lock has {locked.get(name)} (make lock)"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock_text)
    unhashed = [b.split()[0] for b in blocks if "==" in b.split("\n")[0] and "--hash=sha256:" not in b]
    assert not unhashed, unhashed


def test_make_install_requires_the_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
