"""The default reminder rules (issue 18). Administrators change them in /quan-tri/reminders/reminderrule/.
The work programme's rule waits for its source (danvan/programme registers "programme_task")."""

from django.db import migrations

RULES = [
    # kind, name, days_before, overdue_every_days, overdue_for_days, escalate_after_days
    ("submission", "Báo cáo định kỳ: nhắc trước hạn nộp 7 và 1 ngày, quá hạn mỗi 7 ngày", "7,1", 7, 90, 7),
    ("petition", "Đơn thư: nhắc trước thời hạn theo luật 7 và 1 ngày, quá hạn mỗi 7 ngày, báo cấp trên ngay",
     "7,1", 7, 180, 0),
    ("commitment", "Cam kết sau đối thoại: nhắc trước hạn 7 và 1 ngày, quá hạn mỗi 7 ngày", "7,1", 7, 180, 7),
    ("document", "Văn bản: học tập, quán triệt, sơ kết, tổng kết — nhắc trước hạn 7 và 1 ngày", "7,1", 7, 90, 14),
    ("programme_task", "Nhiệm vụ chương trình công tác: nhắc trước hạn 7 và 1 ngày, quá hạn mỗi 7 ngày", "7,1", 7,
     90, 7),
]


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    for kind, name, before, every, limit, escalate in RULES:
        if not ReminderRule.objects.filter(kind=kind).exists():
            ReminderRule.objects.create(kind=kind, name=name, days_before=before, overdue_every_days=every,
                                        overdue_for_days=limit, escalate_after_days=escalate,
                                        recipient_roles="officer,approver", active=True)


def remove_rules(apps, schema_editor):
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    ReminderRule.objects.filter(name__in=[name for _k, name, *_rest in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]
    operations = [migrations.RunPython(create_rules, remove_rules)]
