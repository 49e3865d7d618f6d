"""Offline: the vendored ECharts is the pinned file, and no page references an outside address."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "echarts"
# src/href/action values that leave the site (absolute http(s) or protocol-relative addresses).
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.IGNORECASE)


def test_vendored_echarts_matches_its_checksums_and_ships_its_licence():
    lines = (VENDOR / "SHA256SUMS").read_text().split("\n")
    pinned = dict(reversed(line.split()) for line in lines if line.strip())
    assert set(pinned) == {"echarts.min.js", "langVI.js"}
    for name, digest in pinned.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    assert "6.1.0" in (VENDOR / "README.md").read_text()
    assert "registerLocale('VI'" in (VENDOR / "langVI.js").read_text().replace('"', "'")


def test_dashboard_page_loads_echarts_langvi_and_htmx_from_the_site(make_user, client_for):
    html = client_for(make_user("VN-92", "officer")).get("/bang-dieu-khien/VN-92/").content.decode()
    for path in ("vendor/echarts/echarts.min.js", "vendor/echarts/langVI.js", "django_htmx/htmx-2.min.js",
                 "dashboards/dashboards.js"):
        assert f'src="/static/{path}"' in html
    assert 'renderer: "svg"' in (Path(settings.BASE_DIR) / "danvan/dashboards/static/dashboards/dashboards.js"
                                 ).read_text()


@pytest.mark.django_db
def test_no_page_references_an_external_address(make_user, client_for, commune_cantho):
    client = client_for(make_user("VN", "approver"))
    pages = ["/", "/bang-dieu-khien/VN/", "/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su", "/bang-dieu-khien/VN-92/",
             f"/bang-dieu-khien/{commune_cantho.key}/", "/mo-hinh/", "/hoat-dong/", "/khen-thuong/", "/don-thu/",
             "/van-dong/", "/bao-cao/", "/tong-ket/", "/nop-bao-cao/", "/don-vi/", "/tai-khoan/dang-nhap/"]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found = EXTERNAL.findall(response.content.decode())
        assert not found, (url, found)
    for css in [Path(settings.BASE_DIR) / "static/css/danvan.css",
                Path(settings.BASE_DIR) / "danvan/dashboards/static/dashboards/dashboards.css"]:
        assert not CSS_EXTERNAL.findall(css.read_text()), css


def test_the_scanner_catches_external_addresses():
    assert EXTERNAL.search('<script src="https://cdn.jsdelivr.net/npm/echarts"></script>')
    assert EXTERNAL.search("<link href='//fonts.googleapis.com/css'>")
    assert not EXTERNAL.search('<a href="/bang-dieu-khien/VN/">')
