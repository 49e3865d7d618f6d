"""Read-only admin: records are written only through the services (permission, validation, audit, facts)."""

from django.contrib import admin

from .models import Campaign, House, LedgerEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "unit", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["day", "campaign", "unit", "kind", "form", "amount", "donor_name", "reverses", "created_by"]
    list_filter = ["kind", "form"]
    search_fields = ["external_ref", "donor_name"]
    list_select_related = ["campaign", "unit", "created_by"]
    raw_id_fields = ["campaign", "unit", "reverses"]


@admin.register(House)
class HouseAdmin(ReadOnlyAdmin):
    list_display = ["beneficiary_name", "campaign", "unit", "status", "completed_on"]
    list_filter = ["status", "beneficiary_category"]
    search_fields = ["beneficiary_name", "external_ref"]
    list_select_related = ["campaign", "unit"]
