"""In a real browser: an official signs in through the form and lands on the home page of their unit."""

import pytest

pytestmark = pytest.mark.browser


def test_commune_officer_signs_in_and_sees_their_unit(browser_page, login):
    page = login(browser_page, "ninhkieu.canbo")

    assert page.url.rstrip("/") == page.site_url
    assert page.locator("h1").first.inner_text() == "Phường Ninh Kiều"
    assert "Đăng xuất" in page.locator("body").inner_text()


def test_wrong_password_keeps_the_user_on_the_login_page_with_a_vietnamese_message(browser_page, login):
    page = login(browser_page, "ninhkieu.canbo", password="sai-mat-khau-0")

    assert "/tai-khoan/dang-nhap/" in page.url
    alert = page.locator("form [role=alert]")
    assert alert.count() == 1
    assert "mật khẩu" in alert.inner_text().lower()
