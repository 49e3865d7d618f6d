import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


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
