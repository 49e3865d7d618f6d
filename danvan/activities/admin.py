from django.contrib import admin

from .models import ActivityKind


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    """Administrators extend the kind list here; after changing flags run `rebuild_activity_facts`."""

    list_display = ["code", "name", "order", "is_conference", "is_dialogue", "is_competition", "is_media",
                    "is_active"]
    list_editable = ["order", "is_active"]
