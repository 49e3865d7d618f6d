"""In a real browser (Chromium): the home page's work queue and the dashboards, on the demo data."""

import csv
import io
import re
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _queue_count(page, label: str) -> int:
    item = page.locator("#viec-can-lam li", has_text=label)
    return int(item.locator(".count").inner_text().replace(".", "")) if item.count() else 0


def test_commune_officers_home_page_starts_with_the_work_queue(browser_page, login):
    page = login(browser_page, "ninhkieu.canbo")
    sections = page.locator("main section h2").all_inner_texts()
    assert sections[0] == "Việc cần làm"
    queue = page.locator("#viec-can-lam")
    items = queue.locator("ul.work-queue > li")
    if items.count():
        first = items.first.locator("a").first
        href = first.get_attribute("href")
        first.click()
        page.wait_for_load_state()
        assert page.url.endswith(href)
    else:
        assert "Không có việc nào đang chờ bạn." in queue.inner_text()
    page.goto(page.site_url + "/")
    assert "Số liệu chính năm" in page.locator("main").inner_text()


def test_approvers_queue_after_a_commune_registers_a_model(browser_page, login):
    page = login(browser_page, "cantho.lanhdao")
    before = _queue_count(page, "Mô hình chờ đưa ra bình xét")
    page.context.clear_cookies()
    # The commune officer registers a model through the form.
    login(page, "ninhkieu.canbo")
    page.goto(page.site_url + "/mo-hinh/dang-ky/")
    name = f"Mô hình “Tổ tự quản đường hoa” số {uuid.uuid4().hex[:6]}"  # the test database outlives a run
    page.fill("input[name=name]", name)
    page.select_option("select[name=field]", index=1)
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/mo-hinh/\d+/$"))  # saved: the model's own page
    assert name in page.locator("main").inner_text()
    page.context.clear_cookies()
    login(page, "cantho.lanhdao")
    assert _queue_count(page, "Mô hình chờ đưa ra bình xét") == before + 1
    page.locator("#viec-can-lam a", has_text="Mô hình chờ đưa ra bình xét").click()
    page.wait_for_load_state()
    assert "trang_thai=registered" in page.url
    assert name in page.locator("main").inner_text()


def _open_dashboard(page, path):
    page.goto(page.site_url + path)
    page.wait_for_selector("#bieu-do-xep-hang .dash-canvas[data-ready] svg")


def test_drill_down_from_the_national_ranking_to_a_province(browser_page, login):
    page = login(browser_page, "tw.xem")
    _open_dashboard(page, "/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su&chi_tieu=dvk.registered")
    top = page.locator("#bieu-do-xep-hang tbody tr").first
    name = top.locator("th").inner_text()
    # Click the top bar itself: its position comes from the chart (value axis × category axis).
    canvas = page.locator("#bieu-do-xep-hang .dash-canvas")
    canvas.evaluate("el => el.scrollIntoView({block: \"start\"})")  # the top bar must be on screen
    box = canvas.bounding_box()
    x, y = page.evaluate("""(name) => {
        const el = document.querySelector('#bieu-do-xep-hang .dash-canvas');
        const value = el.chart.getOption().series[0].data.slice(-1)[0];
        return el.chart.convertToPixel({seriesIndex: 0}, [value / 2, name]);
    }""", name)
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(r"/bang-dieu-khien/VN-\d+/\?ky=2023"))
    assert page.locator("h1").inner_text() == f"Bảng điều khiển: {name}"
    assert "ky=2023" in page.url and "dia_gioi=lich-su" in page.url


def test_a_charts_table_view(browser_page, login):
    page = login(browser_page, "cantho.lanhdao")
    _open_dashboard(page, "/bang-dieu-khien/VN-92/?ky=2023&dia_gioi=hien-nay")
    table = page.locator("#bieu-do-xu-huong table.dash-table")
    assert "Thành phố Cần Thơ, năm 2023, ranh giới hiện nay" in table.locator("caption").inner_text()
    years = table.locator("tbody th").all_inner_texts()
    assert years == [str(y) for y in range(2014, 2024)]
    values = table.locator("tbody td").all_inner_texts()
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*", v) for v in values)  # 183.676, never 183,676
    page.locator("#bieu-do-xu-huong summary").click()  # the table folds away and back
    assert not table.is_visible()
    page.locator("#bieu-do-xu-huong summary").click()
    assert table.is_visible()


def test_the_map_draws_circles_and_the_archipelagos(browser_page, login):
    page = login(browser_page, "tw.xem")
    page.goto(page.site_url + "/bang-dieu-khien/VN/?ky=2026&dia_gioi=hien-nay")
    page.wait_for_selector("#bieu-do-ban-do .dash-canvas[data-ready] svg")
    svg_text = page.locator("#bieu-do-ban-do .dash-canvas svg").inner_html()
    assert "Đặc khu Hoàng Sa" in svg_text and "Đặc khu Trường Sa" in svg_text
    assert page.locator("#bieu-do-ban-do .dash-canvas svg path").count() >= 34
    assert page.locator("#bieu-do-ban-do .dash-tile").count() == 34
    page.locator("#bieu-do-ban-do .dash-tile", has_text="Thành phố Cần Thơ").click()
    page.wait_for_url(re.compile(r"/bang-dieu-khien/VN-92/"))


def test_csv_download_of_a_chart(browser_page, login):
    page = login(browser_page, "tw.xem")
    _open_dashboard(page, "/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su")
    with page.expect_download() as info:
        page.locator("#bieu-do-xep-hang a", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename == "xep-hang-VN.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    table_rows = page.locator("#bieu-do-xep-hang tbody tr").count()
    assert rows[0][0] == "Đơn vị" and len(rows) == table_rows + 1


def test_filter_change_reloads_only_the_charts(browser_page, login):
    page = login(browser_page, "tw.xem")
    _open_dashboard(page, "/bang-dieu-khien/VN/?ky=2023&dia_gioi=lich-su")
    page.evaluate("window.__same_page = true")
    page.select_option("select[name=dia_gioi]", "hien-nay")
    page.wait_for_url(re.compile(r"dia_gioi=hien-nay"))
    page.wait_for_selector("#bieu-do-xep-hang .dash-context:has-text('ranh giới hiện nay')")
    assert page.evaluate("window.__same_page") is True  # no full reload


def test_phone_layout_of_the_dashboard(browser_page, login):
    page = login(browser_page, "cantho.lanhdao")
    page.set_viewport_size({"width": 390, "height": 844})
    _open_dashboard(page, "/bang-dieu-khien/VN-92/?ky=2023")
    for chart in page.locator(".dash-chart").all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
    canvas = page.locator("#bieu-do-xu-huong .dash-canvas").bounding_box()
    assert canvas["width"] <= 390
    assert page.locator("select[name=chi_tieu]").bounding_box()["width"] <= 390
