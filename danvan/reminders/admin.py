"""Administrators edit the reminder rules here (every change audited through services.rule_save); what was
sent and the e-mails are read-only records."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .forms import ReminderRuleAdminForm
from .models import ReminderMessage, ReminderRule, SentReminder


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    form = ReminderRuleAdminForm
    list_display = ["name", "kind", "days_before", "overdue_every_days", "overdue_for_days", "recipient_roles",
                    "escalate_after_days", "active"]
    list_filter = ["kind", "active"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        try:
            services.rule_save(actor=request.user, rule=obj, created=not change)
        except ValidationError as error:  # pragma: no cover - the form validated the same rules
            messages.error(request, "; ".join(error.messages))

    def delete_model(self, request, obj):
        services.rule_delete(actor=request.user, rule=obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            services.rule_delete(actor=request.user, rule=rule)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["created_on", "user", "kind", "title", "due", "occasion", "escalated", "email_status",
                    "email_attempts", "emailed_at", "read_at"]
    list_filter = ["kind", "email_status", "escalated", "created_on"]
    search_fields = ["user__username", "item_key", "title"]
    list_select_related = ["user"]


@admin.register(ReminderMessage)
class ReminderMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "channel", "to_address", "subject", "item_count", "status", "sent_at",
                    "error"]
    list_filter = ["channel", "status"]
    search_fields = ["user__username", "to_address", "subject"]
    list_select_related = ["user"]
