"""No page overflows on a phone (issue 14, "Done when"): every main page at 390×844 in Chromium.

Every list page, a record page of every kind, every form, the dashboards, the annual report, the figures and
the home page are opened as the central administrator (who sees the most columns and buttons) and as a
commune officer; the page may not be wider than the screen. Tables may be wider, inside their own scrolling
box. A failure names the elements that stick out.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
WIDTH = 390

# The elements that stick out past the right edge and are not inside a box that scrolls sideways.
OVERFLOWING = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0) continue;
    let inScroller = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && up.getBoundingClientRect().right <= width + 0.5) {
        inScroller = true; break;
      }
    }
    if (!inScroller) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' → ' + Math.round(box.right) + 'px');
  }
  return out.slice(0, 8);
}"""


def _pages() -> dict[str, list[str]]:
    """The main pages of every area, with records from the demo data."""
    from danvan.activities.models import Activity, Document
    from danvan.annual.models import AnnualReport
    from danvan.campaigns.models import Campaign, House, LedgerEntry
    from danvan.commendations.models import Commendation
    from danvan.petitions.models import Case, Hotspot, SentimentReport
    from danvan.registry.models import DvkModel
    from danvan.submissions.models import Submission

    campaign = Campaign.objects.filter(unit__key="TW-DUK").order_by("pk").first() or Campaign.objects.first()
    activity = Activity.objects.filter(kind__code="doi_thoai").order_by("pk").first() or Activity.objects.first()
    report = AnnualReport.objects.order_by("pk").first()
    return {
        "home and dashboards": ["/", "/bang-dieu-khien/VN/", "/bang-dieu-khien/VN-92/",
                                "/bang-dieu-khien/VN-92-31135/", "/don-vi/", "/don-vi/VN-92/",
                                "/tai-khoan/ho-so/", "/tai-khoan/nguoi-dung/", "/tai-khoan/nguoi-dung/tao/"],
        "registry": ["/mo-hinh/", "/mo-hinh/dang-ky/", "/mo-hinh/nhap/", "/mo-hinh/thong-ke/",
                     "/mo-hinh/vinh-danh/", "/mo-hinh/tieu-chi/?tinh=VN-92",
                     DvkModel.objects.order_by("pk").first().get_absolute_url(),
                     f"/mo-hinh/{DvkModel.objects.order_by('pk').first().pk}/sua/"],
        "activities": ["/hoat-dong/", "/hoat-dong/them/", "/hoat-dong/nhap/", "/hoat-dong/thong-ke/",
                       "/hoat-dong/cam-ket/", "/hoat-dong/van-ban/", "/hoat-dong/van-ban/them/",
                       activity.get_absolute_url(), f"/hoat-dong/{activity.pk}/sua/",
                       Document.objects.order_by("pk").first().get_absolute_url()],
        "commendations": ["/khen-thuong/", "/khen-thuong/them/", "/khen-thuong/nhap/", "/khen-thuong/thong-ke/",
                          Commendation.objects.order_by("pk").first().get_absolute_url()],
        "petitions": ["/don-thu/", "/don-thu/moi/", "/don-thu/qua-han/", "/don-thu/diem-nong/",
                      "/don-thu/diem-nong/moi/", "/don-thu/thong-ke/", "/don-thu/thoi-han/", "/don-thu/tinh-hinh/",
                      "/don-thu/tinh-hinh/moi/", "/don-thu/tinh-hinh/van-de/",
                      Case.objects.order_by("pk").first().get_absolute_url(),
                      Hotspot.objects.order_by("pk").first().get_absolute_url(),
                      SentimentReport.objects.order_by("pk").first().get_absolute_url()],
        "campaigns": ["/van-dong/", "/van-dong/tao/", campaign.get_absolute_url(), f"/van-dong/{campaign.pk}/sua/",
                      f"/van-dong/{campaign.pk}/chi-tieu/", f"/van-dong/{campaign.pk}/so-quy/",
                      f"/van-dong/{campaign.pk}/so-quy/ghi/", f"/van-dong/{campaign.pk}/nha/",
                      f"/van-dong/{campaign.pk}/nha/them/",
                      LedgerEntry.objects.filter(campaign=campaign).order_by("pk").first().get_absolute_url(),
                      House.objects.filter(campaign=campaign).order_by("pk").first().get_absolute_url()],
        "reports and figures": ["/bao-cao/", "/bao-cao/chi-tieu/", "/bao-cao/nhap-tep/",
                                "/bao-cao/so-lieu/VN-92/2025/", "/bao-cao/so-lieu/VN-92/2025/?by=child",
                                "/bao-cao/nhap/VN-92-31135/2025/"],
        "periodic reports": ["/nop-bao-cao/", "/nop-bao-cao/tinh-hinh/?unit=VN-92&form=tong-ket-nam&period=2025",
                             Submission.objects.order_by("pk").first().get_absolute_url(),
                             "/nop-bao-cao/nhap/tong-ket-nam/VN-92-31135/2025/"],
        "annual": ["/tong-ket/", report.get_absolute_url(), report.get_absolute_url() + "in/",
                   f"/tong-ket/don-vi/{report.unit.key}/"],
    }


AREAS = ["home and dashboards", "registry", "activities", "commendations", "petitions", "campaigns",
         "reports and figures", "periodic reports", "annual"]


@pytest.mark.parametrize("area", AREAS)
def test_no_main_page_is_wider_than_a_phone(browser_page, login, area):
    browser_page.set_viewport_size({"width": WIDTH, "height": 844})
    page = login(browser_page, "admin")
    wide = {}
    for path in _pages()[area]:
        response = page.goto(page.site_url + path)
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > WIDTH:
            wide[path] = (width, page.evaluate(OVERFLOWING, WIDTH))
    assert not wide, wide


def test_a_commune_officers_pages_fit_a_phone_too(browser_page, login):
    browser_page.set_viewport_size({"width": WIDTH, "height": 844})
    page = login(browser_page, "ninhkieu.canbo")
    wide = {}
    for path in ["/", "/mo-hinh/", "/hoat-dong/", "/don-thu/", "/van-dong/", "/khen-thuong/", "/nop-bao-cao/",
                 "/bang-dieu-khien/", "/hoat-dong/cam-ket/"]:
        page.goto(page.site_url + path)
        page.wait_for_load_state()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > WIDTH:
            wide[path] = (width, page.evaluate(OVERFLOWING, WIDTH))
    assert not wide, wide
