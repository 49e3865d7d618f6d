"""In a real browser (Chromium): readers search, browse the honour roll and send feedback that a moderator
approves; an editor writes and submits an article that the approver publishes."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_reader_searches_without_diacritics(browser_page):
    page = browser_page
    page.goto(page.site_url + "/")
    page.fill("#q-top", "dan van kheo")
    page.locator("form[role=search] button[type=submit]").first.click()
    page.wait_for_load_state()
    results = page.locator("#noi-dung").inner_text()
    assert "Tôn vinh hơn 900.000 mô hình, điển hình “Dân vận khéo” trên các lĩnh vực" in results
    assert "Dân vận khéo trong vận động hiến đất mở hẻm" not in results  # registered, not yet recognised


def test_reader_browses_the_honour_roll_by_province(browser_page):
    page = browser_page
    page.goto(page.site_url + "/vinh-danh/")
    page.select_option("#f-tinh", label="Thành phố Cần Thơ")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    table = page.locator("table").inner_text()
    assert "Tổ tự quản an ninh trật tự khu vực 3" in table
    page.get_by_role("link", name="Tổ tự quản an ninh trật tự khu vực 3").click()
    assert page.locator("h1").inner_text() == "Tổ tự quản an ninh trật tự khu vực 3"
    assert "1250-QĐ/TU" in page.locator("main").inner_text()


def test_reader_sends_feedback_and_the_moderator_approves_it(browser_page, login, settings):
    settings.PORTAL_FEEDBACK_MIN_SECONDS = 0
    page = browser_page
    page.goto(page.site_url + "/")
    page.get_by_role("link", name=re.compile("Hội nghị toàn quốc tổng kết công tác dân vận năm 2023")).first.click()
    article_url = page.url
    assert "Thứ Tư, 25/12/2024" in page.locator("main").inner_text()
    page.get_by_role("link", name="Gửi phản hồi").click()
    page.fill("#id_name", "Trần Văn Bạn Đọc")
    page.fill("#id_email", "bandoc@example.vn")
    page.fill("#id_text", "Xin cảm ơn, bài tổng kết rất đầy đủ.")
    page.get_by_role("button", name="Gửi phản hồi").click()
    assert "đang chờ ban biên tập duyệt" in page.locator("main").inner_text()
    page.goto(article_url)
    assert "bài tổng kết rất đầy đủ" not in page.locator("main").inner_text()

    login(page, "tw.bientap")
    page.goto(page.site_url + "/cong-thong-tin/kiem-duyet/")
    item = page.locator(".moderation-item", has_text="bài tổng kết rất đầy đủ")
    item.get_by_role("button", name="Đăng", exact=True).click()
    page.wait_for_load_state()
    page.context.clear_cookies()  # back to an anonymous reader
    page.goto(article_url)
    main = page.locator("main").inner_text()
    assert "Xin cảm ơn, bài tổng kết rất đầy đủ." in main and "Trần Văn Bạn Đọc" in main
    assert "bandoc@example.vn" not in page.content()


def test_editor_writes_submits_and_the_approver_publishes(browser_page, login):
    page = browser_page
    login(page, "cantho.bientap")
    page.goto(page.site_url + "/bien-tap/")
    page.goto(page.site_url + "/can-tho/")  # the section exists for the editor's province
    from danvan.portal.models import SectionPage

    section = SectionPage.objects.get(slug="can-tho")
    page.goto(f"{page.site_url}/bien-tap/pages/add/portal/articlepage/{section.pk}/")
    import time

    title = f"Cần Thơ ra quân Tháng Dân vận khéo {int(time.time())}"
    page.fill("#id_title", title)
    page.fill("#id_sapo", "Các phường, xã của Cần Thơ đồng loạt ra quân.")
    page.locator("[data-streamfield-stream-container] button[title='Chèn khối'], button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Đoạn văn").first.click()
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    editor.type("Hàng nghìn người dân cùng tham gia làm sạch đường làng.")
    # Draftail writes the typed text into its hidden form field after a short delay: wait for it, or a
    # quick submit sends an empty paragraph (the approver's step then fails validation).
    page.wait_for_function(
        """() => [...document.querySelectorAll('input[type=hidden]')]
                   .some(input => input.value.includes('Hàng nghìn người dân'))""")
    submit = page.locator("button[name='action-submit']")
    if not submit.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        submit.click()
    assert "/add/" not in page.url

    page.context.clear_cookies()
    login(page, "cantho.lanhdao")
    from danvan.portal.models import ArticlePage

    article = ArticlePage.objects.get(title=title)
    assert not article.live
    page.goto(f"{page.site_url}/bien-tap/pages/{article.pk}/edit/")
    approve = page.locator("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        approve.first.click()
    article.refresh_from_db()
    assert article.live
    page.context.clear_cookies()
    page.goto(page.site_url + article.url)
    assert page.locator("h1").inner_text() == title
