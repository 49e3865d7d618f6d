from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "danvan.registry"
    label = "registry"
    verbose_name = _("Mô hình, điển hình “Dân vận khéo”")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from .models import STANDARD_FIELDS
        from .panels import work_items

        # Names follow the national report's wording ("183.676 mô hình … 45.282 mô hình cá nhân"),
        # where "mô hình" covers both models and exemplars.
        fields = {code: name for code, name, _order in STANDARD_FIELDS}
        register_indicator(IndicatorSpec(
            code="dvk.registered", name="Mô hình “Dân vận khéo” được đăng ký", unit_of_measure="mô hình",
            source="registry", categories=fields, order=10,
            description="Mỗi mô hình tính một lần cho mỗi năm đăng ký, vào ngày đăng ký; phân loại theo lĩnh vực."))
        register_indicator(IndicatorSpec(
            code="dvk.recognised.collective", name="Mô hình “Dân vận khéo” tập thể được công nhận",
            unit_of_measure="mô hình", source="registry", categories=fields, order=11,
            description="Mỗi lần công nhận (mọi cấp, tối đa một lần mỗi năm), vào ngày công nhận."))
        register_indicator(IndicatorSpec(
            code="dvk.recognised.individual", name="Mô hình “Dân vận khéo” cá nhân được công nhận",
            unit_of_measure="mô hình", source="registry", categories=fields, order=12,
            description="Mỗi lần công nhận (mọi cấp, tối đa một lần mỗi năm), vào ngày công nhận."))
        from .models import Level

        register_indicator(IndicatorSpec(
            code="dvk.recognised.by_level", name="Mô hình “Dân vận khéo” được công nhận, theo cấp công nhận",
            unit_of_measure="mô hình", source="registry", order=14,
            categories={level.value: str(level.label) for level in Level},
            description="Như số mô hình được công nhận, phân loại theo cấp của cơ quan công nhận."))
        # Version 2: recognitions also give dvk.recognised.by_level (issue 10); raising it re-derives the facts
        # of every model at the next `migrate` (reports.upkeep).
        from danvan.reports.facts import register_rule

        from .models import DvkModel
        from .rules import FACT_SOURCE, rebuild_all_facts

        register_rule(source=FACT_SOURCE, version=2, rebuild=rebuild_all_facts, model=DvkModel)
        navigation.register(_("Dân vận khéo"), "registry:list", order=20)
        home_panels.register_queue(work_items, order=20)
