"""In a real browser (Chromium): the unit picker, a confirmation dialog, a refused form keeping its values,
readable history, and the phone layout (390 px) of the busiest pages without sideways overflow."""

import datetime
import os
import uuid

import pytest

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("DANVAN_SCREENSHOTS", "")  # a directory: save screenshots there to look at them


def _shot(page, name, full_page=True):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=full_page)


def _model_under_assessment(name):
    """A Ninh Kiều model registered for 2025 and put to assessment by Cần Thơ's approver (committed)."""
    from danvan.accounts.models import User
    from danvan.orgunits.models import OrgUnit
    from danvan.registry import services
    from danvan.registry.models import Field

    commune = OrgUnit.objects.get(parent__key="VN-92", name="Phường Ninh Kiều", valid_to__isnull=True)
    officer, approver = User.objects.get(username="ninhkieu.canbo"), User.objects.get(username="cantho.lanhdao")
    model = services.create_model(actor=officer, unit=commune, year=2025, register=True,
                                  registered_on=datetime.date(2025, 3, 1),
                                  data={"name": name, "field": Field.objects.get(code="kinh_te"),
                                        "subject": "tap_the"})
    services.start_assessment(actor=approver, dvk_year=model.years.get(year=2025))
    return model


def test_unit_picker_finds_a_unit_typed_without_diacritics_and_chosen_with_the_keyboard(browser_page, login):
    page = login(browser_page, "cantho.canbo")
    page.goto(page.site_url + "/mo-hinh/")
    field = page.locator("input[name=don_vi]")
    field.click()
    field.press_sequentially("ninh kieu", delay=40)
    options = page.locator("#id_don_vi-options [role=option]")
    options.first.wait_for()
    text = page.locator("#id_don_vi-options").inner_text()
    assert "Phường Ninh Kiều" in text and "Thành phố Cần Thơ" in text and "(cũ)" in text
    _shot(page, "picker")
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "Phường Ninh Kiều (VN-92-31135)"
    page.locator("form.filters [type=submit]").first.click()
    page.wait_for_load_state()
    assert "don_vi=" in page.url
    assert page.locator("input[name=don_vi]").input_value() == "Phường Ninh Kiều (VN-92-31135)"


def test_discontinue_asks_in_a_dialog_naming_the_model(browser_page, login):
    name = f"Mô hình thử hộp xác nhận {uuid.uuid4().hex[:6]}"
    model = _model_under_assessment(name)
    page = login(browser_page, "cantho.lanhdao")
    page.goto(page.site_url + model.get_absolute_url())
    summary = page.locator("summary", has_text="Ngừng thực hiện…")
    form = page.locator("form[action$='/ngung/']")
    assert not form.is_visible()  # the action form opens on demand
    summary.click()
    form.locator("textarea[name=reason]").fill("Hết kinh phí")
    form.locator("[type=submit]").click()
    dialog = page.locator("dialog#confirm-dialog")
    dialog.wait_for(state="visible")
    assert name in dialog.inner_text() and "ngừng thực hiện" in dialog.inner_text()
    _shot(page, "confirm-dialog")
    dialog.locator("[data-confirm-no]").click()
    model.refresh_from_db()
    assert not model.is_discontinued
    form.locator("[type=submit]").click()
    dialog.locator("[data-confirm-yes]").click()
    page.wait_for_load_state()
    page.locator(".messages").wait_for()
    model.refresh_from_db()
    assert model.is_discontinued
    assert f"Đã ghi nhận mô hình “{name}” ngừng thực hiện." in page.locator(".messages").inner_text()


def test_refused_recognition_keeps_the_typed_values(browser_page, login):
    model = _model_under_assessment(f"Mô hình thử giữ giá trị {uuid.uuid4().hex[:6]}")
    page = login(browser_page, "cantho.lanhdao")
    page.goto(page.site_url + model.get_absolute_url())
    page.get_by_text("Công nhận…", exact=True).click()
    form = page.locator("form[action$='/cong-nhan/']")
    form.locator("input[name=recognising_body]").fill("Ban Thường vụ Thành ủy Cần Thơ")
    form.locator("input[name=decision_date]").fill("01/11/2025")
    form.locator("[type=submit]").click()
    page.locator("dialog#confirm-dialog [data-confirm-yes]").click()
    page.wait_for_load_state()
    page.locator(".messages").wait_for()
    assert "Số quyết định" in page.locator(".messages").inner_text()
    form = page.locator("form[action$='/cong-nhan/']")
    assert form.is_visible()
    assert form.locator("input[name=recognising_body]").input_value() == "Ban Thường vụ Thành ủy Cần Thơ"
    assert form.locator("input[name=decision_date]").input_value() == "01/11/2025"
    _shot(page, "kept-values")


def test_history_reads_as_sentences(browser_page, login):
    name = f"Mô hình thử lịch sử {uuid.uuid4().hex[:6]}"
    model = _model_under_assessment(name)
    page = login(browser_page, "cantho.lanhdao")
    page.goto(page.site_url + model.get_absolute_url())
    history = page.locator("section.history").inner_text()
    assert f"đã đăng ký mô hình “{name}” lúc " in history
    assert "registry." not in history and "submission_key" not in history and "True" not in history


@pytest.mark.parametrize("path", [
    "/", "/mo-hinh/", "MODEL", "/don-thu/", "/nop-bao-cao/nhap/tong-ket-nam/VN-92-31135/2025/"])
def test_phone_layout_has_no_sideways_overflow(browser_page, login, path):
    from danvan.registry.models import DvkModel

    browser_page.set_viewport_size({"width": 390, "height": 844})
    page = login(browser_page, "ninhkieu.canbo")
    if path == "MODEL":
        path = DvkModel.objects.filter(unit__name="Phường Ninh Kiều").order_by("pk").first().get_absolute_url()
    page.goto(page.site_url + path)
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The menu sits behind a button of at least 44 px; opened, it lists the areas.
    button = page.locator("button.menu-toggle")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert not page.locator("#site-menu").is_visible()
    _shot(page, "phone" + path.replace("/", "_"), full_page=False)
    if page.locator("table").count():
        page.locator("table").first.scroll_into_view_if_needed()
        _shot(page, "phone-table" + path.replace("/", "_"), full_page=False)
    button.click()
    assert page.locator("#site-menu").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "phone-menu" + path.replace("/", "_"), full_page=False)


def test_amount_is_written_in_words_as_it_is_typed(browser_page, login):
    from danvan.campaigns.models import Campaign

    campaign = Campaign.objects.filter(unit__key="VN-92").order_by("pk").first()
    page = login(browser_page, "cantho.canbo")
    page.goto(page.site_url + f"/van-dong/{campaign.pk}/so-quy/ghi/")
    amount = page.locator("input[name=amount]")
    amount.fill("50.000.000")
    assert page.locator(".money-words").inner_text() == "Bằng chữ: Năm mươi triệu đồng"
    amount.fill("1250000")
    assert page.locator(".money-words").inner_text() == "Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng"


def test_list_picker_adds_each_chosen_unit_as_a_line(browser_page, login):
    page = login(browser_page, "cantho.canbo")
    page.goto(page.site_url + "/van-dong/tao/")
    add = page.locator("input[name=participant_units__add]")
    for typed, chosen in (("ninh kieu", "Phường Ninh Kiều (VN-92-31135)"),
                          ("xa tan thanh", "Xã Tân Thạnh (VN-92-31666)")):
        add.click()
        add.press_sequentially(typed, delay=40)
        page.locator("#id_participant_units__add-options [role=option]").first.wait_for()
        # Only Cần Thơ's units are offered to a Cần Thơ officer: one Xã Tân Thạnh of the country's four.
        first = page.locator("#id_participant_units__add-options [role=option]").first.get_attribute("data-value")
        assert first == chosen
        add.press("ArrowDown")
        add.press("Enter")
        assert add.input_value() == ""
    lines = page.locator("textarea[name=participant_units]").input_value().splitlines()
    assert lines == ["Phường Ninh Kiều (VN-92-31135)", "Xã Tân Thạnh (VN-92-31666)"]
    _shot(page, "list-picker")
