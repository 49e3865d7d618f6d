"""Seed the yearly report form (the annual outline, every contract indicator) and a quarterly one."""

from django.db import migrations

YEARLY_INDICATORS = [
    "dvk.registered", "dvk.recognised.collective", "dvk.recognised.individual", "dvk.recognised",
    "conference.dissemination", "conference.dissemination.attendees", "dialogue", "competition", "media",
    "commendation.collective", "commendation.individual", "petition.received", "petition.resolved",
    "campaign.money.received", "campaign.houses.completed",
]
YEARLY_SECTIONS = [
    {"key": "situation", "title": "I. Tình hình chung"},
    {"key": "party", "title": "II.1. Công tác dân vận của cấp ủy, tổ chức đảng"},
    {"key": "government", "title": "II.2. Công tác dân vận của chính quyền"},
    {"key": "front", "title": "II.3. Công tác dân vận của Mặt trận Tổ quốc và các đoàn thể"},
    {"key": "ethnic_religion", "title": "II.4. Công tác dân tộc, tôn giáo"},
    {"key": "commission", "title": "III. Hoạt động của Ban Dân vận"},
    {"key": "limitations", "title": "IV. Hạn chế, nguyên nhân và bài học kinh nghiệm"},
    {"key": "tasks", "title": "Phần thứ hai. Phương hướng, nhiệm vụ năm tới"},
]
QUARTERLY_INDICATORS = [
    "dvk.registered", "dvk.recognised.collective", "dvk.recognised.individual", "dvk.recognised",
    "conference.dissemination", "conference.dissemination.attendees", "dialogue", "petition.received",
    "petition.resolved",
]
QUARTERLY_SECTIONS = [
    {"key": "results", "title": "1. Kết quả thực hiện chương trình công tác"},
    {"key": "people", "title": "2. Tình hình Nhân dân, những vấn đề mới nảy sinh"},
    {"key": "next", "title": "3. Nhiệm vụ quý tới"},
    {"key": "proposals", "title": "4. Đề xuất, kiến nghị"},
]
TERRITORIAL = ["province", "district", "commune"]


def seed(apps, schema_editor):
    ReportForm = apps.get_model("submissions", "ReportForm")
    ReportForm.objects.update_or_create(code="tong-ket-nam", defaults={
        "name": "Báo cáo tổng kết công tác dân vận năm", "period_type": "year", "indicators": YEARLY_INDICATORS,
        "sections": YEARLY_SECTIONS, "deadline_days": 15, "unit_kinds": TERRITORIAL, "unit_levels": [],
        "order": 10})
    ReportForm.objects.update_or_create(code="dinh-ky-quy", defaults={
        "name": "Báo cáo công tác dân vận quý", "period_type": "quarter", "indicators": QUARTERLY_INDICATORS,
        "sections": QUARTERLY_SECTIONS, "deadline_days": 10, "unit_kinds": TERRITORIAL, "unit_levels": [],
        "order": 20})


def unseed(apps, schema_editor):
    apps.get_model("submissions", "ReportForm").objects.filter(code__in=["tong-ket-nam", "dinh-ky-quy"]).delete()


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
