from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from . import honour


class HonourSitemap(Sitemap):
    """The public page of every recognised "Dân vận khéo" model."""

    limit = 5000

    def items(self):
        return sorted(set(honour.roll().values_list("model_id", flat=True)))

    def location(self, item):
        return reverse("portal:honour_detail", args=[item])


SITEMAPS = {"tin-tuc": PageSitemap, "vinh-danh": HonourSitemap}
