from django.contrib import admin

from .models import OrgUnit, Sector, UnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "kind", "level", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["key", "name", "search_text"]
    readonly_fields = ["path", "current_path", "current_key", "depth", "parent"]

    def has_add_permission(self, request):
        return False  # units change through load_units / import_units, which keep paths consistent


admin.site.register(Sector)
admin.site.register(UnitSuccession)
