"""Demo: a draft annual report 2025 for Cần Thơ with the situation section written (idempotent)."""

from danvan.accounts.models import User
from danvan.core.demo import DEMO_PROVINCE
from danvan.orgunits.models import OrgUnit

from . import services
from .models import AnnualReport

SITUATION = ("Năm 2025, tình hình kinh tế - xã hội của thành phố tiếp tục phát triển; quốc phòng, an ninh được giữ "
             "vững. Việc sắp xếp đơn vị hành chính được Nhân dân đồng tình, ủng hộ.")


def load_demo_data() -> str:
    unit = OrgUnit.objects.get(key=DEMO_PROVINCE)
    if AnnualReport.objects.filter(unit=unit, year=2025).exists():
        return "Tổng kết năm: đã có báo cáo mẫu."
    officer = User.objects.get(username="cantho.canbo")
    report = services.get_or_create_report(actor=officer, unit=unit, year=2025)
    services.save_section(actor=officer, report=report, section="situation", text=SITUATION)
    return "Tổng kết năm: 1 báo cáo dự thảo (Cần Thơ, năm 2025) — /tong-ket/VN-92/2025/"
