from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views import serve as document_serve

from .feeds import AtomNewsFeed, NewsFeed
from .sitemaps import SITEMAPS
from .views import feedback, public

app_name = "portal"

urlpatterns = [
    path("cong-thong-tin/", public.portal_home, name="home"),
    path("cong-thong-tin/kiem-duyet/", feedback.moderation_queue, name="moderation"),
    path("cong-thong-tin/kiem-duyet/<int:pk>/", feedback.moderate, name="moderate"),
    path("phan-hoi/<int:page_id>/", feedback.feedback_form, name="feedback"),
    path("phan-hoi/<int:page_id>/da-gui/", feedback.feedback_sent, name="feedback_sent"),
    path("vinh-danh/", public.honour_roll, name="honour_roll"),
    path("vinh-danh/<int:pk>/", public.honour_detail, name="honour_detail"),
    path("tim-kiem/", public.search, name="search"),
    path("rss/", login_not_required(NewsFeed()), name="rss"),
    path("rss/<slug:slug>/", login_not_required(NewsFeed()), name="rss_section"),
    path("atom/", login_not_required(AtomNewsFeed()), name="atom"),
    path("atom/<slug:slug>/", login_not_required(AtomNewsFeed()), name="atom_section"),
    path("sitemap.xml", login_not_required(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public.robots_txt, name="robots"),
    path("anh/<path:path>", public.rendition, name="rendition"),
]

# Documents linked from articles: Wagtail's serve view (it checks collection privacy), open to readers.
document_urlpatterns = [
    re_path(r"^tai-lieu/(\d+)/(.*)$", login_not_required(document_serve.serve), name="wagtaildocs_serve"),
]


def serve_pattern(patterns) -> str:
    """Wagtail's page pattern, minus the first path segments that `patterns` (the project's URLs) own."""
    import re

    owned = set()
    for entry in patterns:
        text = str(entry.pattern).lstrip("^")
        match = re.match(r"([\w\-]+)/", text)
        if match:
            owned.add(re.escape(match.group(1)))
    reserved = "|".join(sorted(owned))
    return rf"^(?!(?:{reserved})/)((?:[\w\-]+/)*)$"
