from django.contrib import admin

from .models import EthnicGroup


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    """The 54 ethnic groups: read-only reference data (codes are indicator categories and import values).

    People of prestige are deliberately not in the admin site: their names are read only from province level
    down, and their phone numbers only by their commune and province (danvan.accounts.permissions)."""

    list_display = ["code", "name", "other_names", "is_minority"]
    search_fields = ["code", "name", "other_names"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
