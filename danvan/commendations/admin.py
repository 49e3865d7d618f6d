from django.contrib import admin

from .models import AwardForm, Commendation


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    """Administrators add award forms here (the code is stable once used: it is the indicator category)."""

    list_display = ["code", "name", "kind", "level", "has_classes", "order", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.commendations.exists()


@admin.register(Commendation)
class CommendationAdmin(admin.ModelAdmin):
    """Read-only: commendations change only through the services (audit, facts, workflow)."""

    list_display = ["id", "recipient_name", "form", "unit", "status", "decision_number", "decision_date"]
    list_filter = ["status", "recipient_type", "form"]
    search_fields = ["search_text", "external_ref", "decision_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
