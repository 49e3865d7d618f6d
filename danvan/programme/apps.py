from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "danvan.programme"
    label = "programme"
    verbose_name = _("Chương trình công tác")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from . import picker  # noqa: F401 (registers the record sources the item links are picked from)
        from .facts import CODES
        from .panels import work_items

        categories = {"bct_bbt": str(_("Bộ Chính trị, Ban Bí thư giao")), "cap_uy": str(_("Cấp ủy giao")),
                      "don_vi": str(_("Đơn vị tự đề ra"))}
        names = {
            "programme.tasks": (_("Nhiệm vụ trọng tâm trong chương trình công tác năm"), "nhiệm vụ"),
            "programme.tasks.done": (_("Nhiệm vụ trọng tâm đã hoàn thành"), "nhiệm vụ"),
            "project.assigned": (_("Đề án được giao thực hiện"), "đề án"),
            "project.done": (_("Đề án đã hoàn thành"), "đề án"),
        }
        for order, code in enumerate(CODES, start=90):
            name, uom = names[code]
            register_indicator(IndicatorSpec(
                code=code, name=str(name), unit_of_measure=uom, source="programme", categories=categories,
                order=order,
                description=str(_("Chương trình công tác năm đã phê duyệt của đơn vị (cộng dồn các đơn vị cấp dưới), "
                                  "tính theo thời hạn trong năm; phân loại theo cơ quan giao. Nhiệm vụ dừng thực "
                                  "hiện không tính."))))
        navigation.register(_("Chương trình công tác"), "programme:list", order=45)
        home_panels.register_queue(work_items, order=45)

        from danvan.reminders import sources

        from .reminders import KIND, programme_task_items

        sources.register(KIND, programme_task_items, label=_("Nhiệm vụ chương trình công tác"), order=50)
