"""Wagtail editor screens that danvan narrows (mounted in config/urls.py ahead of Wagtail's own URLs)."""

from __future__ import annotations

from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from danvan.portal.wagtail_hooks import pages_user_works_on


class PageTypesUsageView(PageTypesUsageReportView):
    """Wagtail's report names the last edited page of each type across the whole site, another section's
    drafts included; it names it here only when the user may work on that page."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        if not self.request.user.is_superuser:
            own = set(pages_user_works_on(self.request.user).values_list("pk", flat=True))
            for item in page_types:
                if item.last_edited_page is not None and item.last_edited_page.pk not in own:
                    item.last_edited_page = None
        return page_types
