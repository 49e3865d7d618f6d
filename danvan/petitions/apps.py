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
        from .models import Field

        kinds = {k.value: str(k.label) for k in Kind}
        register_indicator(IndicatorSpec(
            code="petition.received.by_field", name="Đơn thư, kiến nghị tiếp nhận theo lĩnh vực", unit_of_measure="đơn",
            source="petitions", categories={f.value: str(f.label) for f in Field}, order=62,
            description="Như “Đơn thư, kiến nghị tiếp nhận”, phân loại theo lĩnh vực (tổng bằng số đơn tiếp nhận).",
        ))
        register_indicator(IndicatorSpec(
            code="petition.received.mass", name="Đơn thư của đoàn đông người", unit_of_measure="đơn",
            source="petitions", categories=kinds, order=63,
            description="Vụ việc tiếp nhận do đông người gửi (đoàn đông người), theo ngày tiếp nhận.",
        ))
        register_indicator(IndicatorSpec(
            code="petition.accepted", name="Đơn thư, vụ việc đã thụ lý", unit_of_measure="đơn",
            source="petitions", categories=kinds, order=64,
            description="Theo ngày thụ lý; không tính đơn trùng đã gộp và đơn đã chuyển trong hệ thống.",
        ))
        register_indicator(IndicatorSpec(
            code="petition.not_accepted", name="Đơn thư, vụ việc không thụ lý", unit_of_measure="đơn",
            source="petitions", categories=kinds, order=65,
            description="Theo ngày quyết định không thụ lý.",
        ))
        # Version 2: received by field, mass petitions, accepted, not accepted (issue 10: the statistics page reads
        # the engine). Raising it re-derives every case's facts at the next `migrate` (reports.upkeep).
        from danvan.reports.facts import register_rule

        from .models import Case
        from .services.facts import SOURCE, rebuild_case_facts

        register_rule(source=SOURCE, version=2, rebuild=rebuild_case_facts, model=Case)
        navigation.register(_("Đơn thư"), "petitions:case_list", order=50)
        home_panels.register_queue(work_items, order=50)
