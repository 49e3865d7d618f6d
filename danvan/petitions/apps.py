from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = _("Đơn thư, kiến nghị")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from .models import Kind
        from .panels import work_items

        register_indicator(IndicatorSpec(
            code="petition.received", name="Đơn thư, kiến nghị tiếp nhận", unit_of_measure="đơn",
            source="petitions", categories={k.value: str(k.label) for k in Kind}, order=60,
            description="Mỗi vụ việc một lần, theo ngày tiếp nhận; không tính đơn trùng đã gộp và đơn đã "
                        "chuyển cho đơn vị khác trong hệ thống (được tính ở đơn vị nhận).",
        ))
        register_indicator(IndicatorSpec(
            code="petition.resolved", name="Đơn thư, kiến nghị đã giải quyết", unit_of_measure="đơn",
            source="petitions", categories={"on_time": "Đúng hạn", "late": "Quá hạn"}, order=61,
            description="Theo ngày ra quyết định, kết luận; đúng hạn khi không muộn hơn hạn giải quyết theo luật.",
        ))
        navigation.register(_("Đơn thư"), "petitions:case_list", order=50)
        home_panels.register_queue(work_items, order=50)
