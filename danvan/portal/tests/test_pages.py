"""The public article, section and home pages: URLs, dates, related news, Open Graph, print view."""

import datetime

from django.utils import timezone

from danvan.portal.templatetags.portal import vn_ago, vn_weekday_date
from danvan.portal.text import vn_slug


def test_slugs_have_no_diacritics_and_keep_d():
    assert vn_slug("Đảng bộ: “Dân vận khéo” ở Cần Thơ!") == "dang-bo-dan-van-kheo-o-can-tho"


def test_article_slug_is_ascii_and_stable_after_title_change(make_article):
    page = make_article(title="Đồng chí Trương Thị Mai dự Hội nghị")
    assert page.slug == "dong-chi-truong-thi-mai-du-hoi-nghi"
    page.title = "Tiêu đề đã sửa hoàn toàn"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.slug == "dong-chi-truong-thi-mai-du-hoi-nghi"
    assert page.url.endswith("/dong-chi-truong-thi-mai-du-hoi-nghi/")


def test_section_slug_cannot_take_an_application_url(make_section):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_section(title="Hoạt động", slug="hoat-dong")  # /hoat-dong/ belongs to the activities app


def test_vietnamese_weekday_date_and_relative_dates():
    moment = timezone.make_aware(datetime.datetime(2024, 12, 25, 8, 30))
    assert vn_weekday_date(moment) == "Thứ Tư, 25/12/2024"
    assert vn_weekday_date(moment, True) == "Thứ Tư, 25/12/2024 08:30"
    assert vn_ago(moment, now=moment + datetime.timedelta(days=65)) == "2 tháng trước"
    assert vn_ago(moment, now=moment + datetime.timedelta(minutes=5)) == "5 phút trước"
    assert vn_ago(moment, now=moment + datetime.timedelta(days=800)) == "2 năm trước"
    assert vn_ago(moment, now=moment + datetime.timedelta(seconds=10)) == "vừa xong"


def test_anonymous_reader_sees_the_whole_article(client, make_section, make_article):
    section = make_section(title="Dân vận khéo")
    page = make_article(section, title="Tôn vinh mô hình Dân vận khéo", author="S.Hải", source="Thanhuytphcm.vn")
    page.tags.add("tôn vinh")
    page.save_revision().publish()
    sibling = make_article(section, title="Tin cùng mục khác", days_ago=3)
    elsewhere = make_article(make_section(title="Cần Thơ", unit_key="VN-92"), title="Tin địa phương")
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tôn vinh mô hình Dân vận khéo" in html and "S.Hải" in html and "Thanhuytphcm.vn" in html
    assert vn_weekday_date(page.date) in html
    assert "Tin cùng chuyên mục" in html and sibling.title in html
    assert "Các tin khác" in html and elsewhere.title in html
    assert 'property="og:title" content="Tôn vinh mô hình Dân vận khéo"' in html
    assert 'property="og:url" content="http://testserver' + page.url in html
    assert "mailto:?subject=" in html and "Gửi cho bạn bè" in html
    assert "tôn vinh" in html
    printable = client.get(page.url + "ban-in/")
    assert printable.status_code == 200 and "Tôn vinh mô hình Dân vận khéo" in printable.content.decode()
    assert "Gửi cho bạn bè" not in printable.content.decode()


def test_draft_articles_are_not_public(client, make_article):
    page = make_article(title="Bản nháp chưa duyệt", publish=False)
    assert client.get(page.url or "/tin-hoat-dong/ban-nhap-chua-duyet/").status_code == 404


def test_home_shows_lead_sections_and_most_read(client, make_article):
    lead = make_article(title="Tin nổi bật của tuần", featured=True)
    make_article(title="Tin thường", days_ago=1)
    html = client.get("/").content.decode()
    assert lead.title in html and "Tin thường" in html
    assert "Xem nhiều nhất (7 ngày)" in html and "Xem nhiều nhất (30 ngày)" in html
    assert "Bảng vinh danh" in html and "/don-thu/tra-cuu/" in html


def test_signed_in_users_keep_their_home_and_reach_the_portal(client, make_user, make_article):
    make_article(title="Tin dành cho bạn đọc")
    user = make_user("VN-92", "officer")
    client.force_login(user)
    home = client.get("/")
    assert home.status_code == 200 and "Tin dành cho bạn đọc" not in home.content.decode()
    portal = client.get("/cong-thong-tin/")
    assert "Tin dành cho bạn đọc" in portal.content.decode()
    assert "Về trang làm việc" in portal.content.decode()


def test_public_pages_keep_the_content_security_policy(client, make_article):
    page = make_article()
    for url in ("/", page.url, "/vinh-danh/", "/tim-kiem/?q=dan"):
        policy = client.get(url).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-eval" not in policy


def test_demo_articles_load_once_with_their_dates_sections_and_views(client, db):
    from danvan.core.demo import load_accounts
    from danvan.portal import demo, selectors
    from danvan.portal.models import ArticlePage

    load_accounts()
    demo.load_demo_data()
    demo.load_demo_data()
    assert ArticlePage.objects.live().count() == 5
    conference = ArticlePage.objects.get(title__startswith="Hội nghị toàn quốc tổng kết công tác dân vận năm 2023")
    assert conference.get_parent().slug == "tin-hoat-dong"
    html = client.get(conference.url).content.decode()
    assert "Thứ Tư, 25/12/2024" in html and "Chủ trì Hội nghị" in html
    old = ArticlePage.objects.get(title__startswith="Đảng ủy Khối các cơ quan Trung ương tổ chức Hội nghị")
    assert selectors.view_total(old) == 3091 and old.author == "Thu Hà"
    assert "thong tin nguoi gui phan hoi" not in old.search_text  # the source page's furniture is left out
    assert "tong ket cong tac dan van nam 2017" in old.search_text


def test_anonymous_article_is_cached_and_forgotten_on_publish_and_unpublish(client, make_user, make_article):
    page = make_article(title="Tin được lưu đệm")
    first, second = client.get(page.url), client.get(page.url)
    assert first["X-Portal-Cache"] == "miss" and second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    assert "script-src 'self'" in second["Content-Security-Policy"]  # the policy holds on cached pages
    page.title = "Tin được lưu đệm (đã sửa)"
    page.save_revision().publish()
    assert "(đã sửa)" in client.get(page.url).content.decode()
    page.unpublish()
    assert client.get(page.url).status_code == 404
    signed_in = client.__class__()
    signed_in.force_login(make_user("VN-92", "officer"))
    page.save_revision().publish()
    client.get(page.url)
    assert "X-Portal-Cache" not in signed_in.get(page.url)  # signed-in users never get the shared copy
