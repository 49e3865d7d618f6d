"""Shared fixtures. The whole country (14.136 units) is loaded once per test database.

Browser tests (marker `browser`) run only under `config.settings_browser` (`make test-browser`): they drive
Debian's Chromium through Playwright against a live server thread over a test database of their own, loaded
once with the country and the demo data (demo logins, password "danvan-demo-2026"). Their writes are committed,
so each test creates data under names of its own.
"""

import io
import os

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    from danvan.orgunits.models import OrgUnit

    if _in_browser_pass():
        # Browser tests carry no django_db marker (their data must be committed), so pytest-django sets up no
        # database for them: do it here, keeping it between runs unless --create-db is given.
        from django.test.utils import setup_databases

        with django_db_blocker.unblock():
            setup_databases(verbosity=0, interactive=False, aliases={"default"},
                            keepdb=not request.config.getvalue("create_db"))
    with django_db_blocker.unblock():
        if not OrgUnit.objects.filter(key="VN-01-00004").exists():
            call_command("load_units", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def unit(db):
    from danvan.orgunits.models import OrgUnit

    def get(key: str) -> OrgUnit:
        return OrgUnit.objects.get(key=key)

    return get


@pytest.fixture
def make_user(db):
    """make_user("VN-92", "officer") -> a user with that membership (password "pw-danvan-123")."""
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    counter = {"n": 0}

    def make(unit_key: str | None = None, role: str = "officer", *, superuser: bool = False, username=None):
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"u{counter['n']}-{role}-{unit_key or 'none'}".lower(),
            password="pw-danvan-123", full_name=f"Người dùng {counter['n']}", is_superuser=superuser,
        )
        if unit_key:
            Membership.objects.create(user=user, unit=OrgUnit.objects.get(key=unit_key), role=role)
        return user

    return make


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def commune_cantho(db):
    """A 2025 commune of Cần Thơ (Phường Ninh Kiều)."""
    from danvan.orgunits.models import OrgUnit

    return OrgUnit.objects.get(parent__key="VN-92", name="Phường Ninh Kiều", valid_to__isnull=True)


@pytest.fixture
def caching(monkeypatch):
    """The report caches (danvan.reports.cache) at work: tests run inside a transaction, where nothing is cached,
    so each request is treated as committed."""
    from django.core.cache import cache as django_cache

    from danvan.reports import cache

    django_cache.clear()
    monkeypatch.setattr(cache, "in_transaction", lambda: False)
    yield
    django_cache.clear()


# --- the public portal's pages (portal tests and the editor's scope sweep) --------------------------------

@pytest.fixture
def portal_home(db):
    from danvan.portal.models import PortalHomePage

    return PortalHomePage.objects.get()


@pytest.fixture
def make_section(portal_home):
    from danvan.orgunits.models import OrgUnit
    from danvan.portal.models import SectionPage

    def make(title="Tin hoạt động", slug=None, unit_key="VN"):
        section = SectionPage(title=title, unit=OrgUnit.objects.get(key=unit_key), **({"slug": slug} if slug else {}))
        portal_home.add_child(instance=section)
        section.save_revision().publish()
        return section

    return make


@pytest.fixture
def make_article(make_section):
    import datetime

    from django.utils import timezone

    from danvan.portal.models import ArticlePage

    def make(section=None, title="Hội nghị tổng kết công tác dân vận", sapo="Sáng nay, hội nghị đã diễn ra.",
             body="<p>Nội dung bài viết về phong trào Dân vận khéo.</p>", days_ago=0, publish=True, **extra):
        section = section or make_section()
        page = ArticlePage(title=title, sapo=sapo, body=[("paragraph", body)],
                           date=timezone.now() - datetime.timedelta(days=days_ago), **extra)
        section.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.unpublish()
        page.refresh_from_db()
        return page

    return make


# --- browser tests ---------------------------------------------------------------------------------------
BROWSER_SETTINGS = "config.settings_browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags keep a headless Chromium quiet on a machine without outside network (no sync, no update checks).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DEMO_PASSWORD = "danvan-demo-2026"


def _in_browser_pass() -> bool:
    return os.environ.get("DJANGO_SETTINGS_MODULE") == BROWSER_SETTINGS


def pytest_collection_modifyitems(config, items):
    """Browser tests run in their own pass (their data is committed); every other pass deselects them."""
    in_browser_pass = _in_browser_pass()
    selected, deselected = [], []
    for item in items:
        is_browser = item.get_closest_marker("browser") is not None
        (selected if is_browser == in_browser_pass else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def _browser_site(django_db_setup, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def live_site(_browser_site, django_db_blocker):
    """The running site (`live_site.url`); database access stays open for the test, writes are committed."""
    with django_db_blocker.unblock():
        yield _browser_site


@pytest.fixture(scope="session")
def _chromium():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_chromium, live_site):
    """A fresh Chromium page (1366×900, Vietnamese locale) on the live site; `browser_page.site_url` is its root."""
    context = _chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.site_url = live_site.url
    yield page
    context.close()


@pytest.fixture
def login(browser_page):
    """login(page, "cantho.canbo") signs a demo user in through the login form and returns the page."""

    def sign_in(page, username: str, password: str = DEMO_PASSWORD):
        page.goto(page.site_url + "/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.locator("form:has(input[name=password]) [type=submit]").click()
        page.wait_for_load_state()
        return page

    return sign_in
