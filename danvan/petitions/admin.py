"""Only the legal time limits are edited in the admin (a change in the law is a data change).

Cases and petitioners are deliberately NOT registered: the admin has no per-case identity check,
so a denouncer's identity would be visible to every staff user there.
"""

from django.contrib import admin

from .models import DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "stage", "days", "complex_days", "remote_days", "remote_complex_days", "max_count",
                    "legal_source", "valid_from")
    list_filter = ("kind", "stage")
