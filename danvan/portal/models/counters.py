from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleDayViews(models.Model):
    """Readers of an article on one day (each counted once that day), flushed from the cache.

    Kept apart from the page so that publishing a revision never overwrites a count.
    """

    page = models.ForeignKey("portal.ArticlePage", on_delete=models.CASCADE, related_name="day_views")
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem trong ngày")
        verbose_name_plural = _("lượt xem trong ngày")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="portal_day_views_unique")]
        indexes = [models.Index(fields=["day", "page"], name="portal_day_views_day_idx")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.count}"
