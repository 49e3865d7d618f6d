"""Readers need no account: every public view stays open under Django's LoginRequiredMiddleware."""

import time

import pytest
from django.conf import settings
from django.core import signing
from django.test import override_settings

from danvan.portal import services

LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"
MIDDLEWARE = [*settings.MIDDLEWARE, *([] if LOGIN_REQUIRED in settings.MIDDLEWARE else [LOGIN_REQUIRED])]


@pytest.fixture
def article(make_section, make_article):
    return make_article(make_section(title="Dân vận khéo", slug="dan-van-kheo"), title="Tin công khai")


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_anonymous_readers_reach_every_public_page(client, article):
    urls = ["/", "/cong-thong-tin/", "/dan-van-kheo/", article.url, article.url + "ban-in/",
            f"/phan-hoi/{article.pk}/", f"/phan-hoi/{article.pk}/da-gui/", "/vinh-danh/", "/tim-kiem/?q=dan+van",
            "/rss/", "/atom/", "/rss/dan-van-kheo/", "/atom/dan-van-kheo/", "/sitemap.xml", "/robots.txt"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/anh/khong-co.jpg").status_code == 404  # reached the view, not the login page
    token = signing.dumps(time.time() - 60, salt=services.FORM_SALT)
    posted = client.post(f"/phan-hoi/{article.pk}/", {"name": "A", "email": "a@example.vn", "text": "Hay",
                                                      "website": "", "token": token})
    assert posted.status_code == 302 and "/da-gui/" in posted.url


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_moderation_and_the_editor_still_require_sign_in(client, article):
    for url in ("/cong-thong-tin/kiem-duyet/", "/bien-tap/"):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response.url, url


def test_feeds_sitemap_and_robots(client, article):
    rss = client.get("/rss/").content.decode()
    assert "<rss" in rss and "Tin công khai" in rss
    atom = client.get("/atom/dan-van-kheo/").content.decode()
    assert "http://www.w3.org/2005/Atom" in atom and "Tin công khai" in atom
    assert article.url in client.get("/sitemap.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /bien-tap/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_wagtail_admin_signs_in_through_danvan_login(client):
    response = client.get("/bien-tap/login/?next=/bien-tap/")
    assert response.status_code == 302 and response.url.startswith("/tai-khoan/dang-nhap/")
