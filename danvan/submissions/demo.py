"""Demo: Phường Ninh Kiều's 2025 annual report, submitted and waiting for Cần Thơ's approver (idempotent)."""

from danvan.accounts.models import User
from danvan.core.demo import demo_commune

from . import services
from .models import ReportForm, Submission


def load_demo_data() -> str:
    commune = demo_commune()
    form = ReportForm.objects.get(code="tong-ket-nam")
    if Submission.objects.filter(form=form, unit=commune, period="2025").exists():
        return "Báo cáo định kỳ: đã có báo cáo mẫu."
    officer = User.objects.get(username="ninhkieu.canbo")
    report = services.start(actor=officer, form=form, unit=commune, period="2025")
    report = services.save(actor=officer, submission=report,
                           values={"dvk.registered": "14", "dvk.recognised.collective": "6",
                                   "dvk.recognised.individual": "3", "dialogue": "4",
                                   "conference.dissemination": "9", "conference.dissemination.attendees": "1250"},
                           narrative={"situation": "Tình hình an ninh, trật tự trên địa bàn phường ổn định."},
                           expected_version=None)
    services.submit(actor=officer, submission=report)
    return "Báo cáo định kỳ: báo cáo năm 2025 của Phường Ninh Kiều đã nộp, chờ TP Cần Thơ xử lý."
