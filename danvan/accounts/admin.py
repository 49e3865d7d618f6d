from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(User)
class DanvanUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = [*UserAdmin.fieldsets, ("danvan", {"fields": ["full_name", "position"]})]
    list_display = ["username", "full_name", "is_active", "is_superuser"]
