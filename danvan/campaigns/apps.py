from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "danvan.campaigns"
    label = "campaigns"
    verbose_name = _("Cuộc vận động, phong trào")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from . import facts
        from .models import House, LedgerEntry
        from .panels import home_panel, work_items

        register_indicator(IndicatorSpec(
            code=facts.MONEY_RECEIVED, name="Số tiền vận động thực nhận (cuộc vận động, phong trào)",
            unit_of_measure="đồng", source="campaigns", is_money=True, order=140,
            categories={k: str(v) for k, v in LedgerEntry.Form.choices},
            description="Tổng các bút toán thực nhận của sổ quỹ (kể cả bút toán đảo, mang số âm), theo ngày ghi "
                        "và đơn vị tiếp nhận."))
        register_indicator(IndicatorSpec(
            code=facts.MONEY_PLEDGED, name="Số tiền cam kết ủng hộ (cuộc vận động, phong trào)",
            unit_of_measure="đồng", source="campaigns", is_money=True, order=141,
            categories={k: str(v) for k, v in LedgerEntry.Form.choices},
            description="Tổng các bút toán cam kết của sổ quỹ (kể cả bút toán đảo)."))
        categories = {k: str(v) for k, v in House.Category.choices}
        register_indicator(IndicatorSpec(
            code=facts.HOUSES_STARTED, name="Số nhà (công trình) đã khởi công", unit_of_measure="căn",
            source="campaigns", order=143, categories=categories,
            description="Mỗi nhà đã khởi công (kể cả đã hoàn thành, bàn giao) tính 1 vào ngày khởi công, cho xã nơi "
                        "có nhà."))
        register_indicator(IndicatorSpec(
            code=facts.HOUSES_COMPLETED, name="Số nhà (công trình) đã hoàn thành", unit_of_measure="căn",
            source="campaigns", order=142, categories=categories,
            description="Mỗi nhà đã hoàn thành (hoặc đã bàn giao) tính 1 vào ngày hoàn thành, cho xã nơi có nhà."))
        register_indicator(IndicatorSpec(
            code=facts.HOUSES_HANDED_OVER, name="Số nhà (công trình) đã bàn giao", unit_of_measure="căn",
            source="campaigns", order=144, categories=categories,
            description="Mỗi nhà đã bàn giao tính 1 vào ngày bàn giao, cho xã nơi có nhà."))
        register_indicator(IndicatorSpec(
            code=facts.PARTICIPANTS, name="Số người tham gia (cuộc vận động, phong trào)", unit_of_measure="người",
            source="campaigns", order=145,
            description="Tổng các kết quả “số người tham gia” đã báo cáo (kể cả điều chỉnh giảm), theo ngày và đơn "
                        "vị báo cáo."))
        # Version 2 (issue 10): house stages and participants became facts; raising it re-derives the facts of
        # every ledger entry, house and reported result at the next `migrate` (reports.upkeep).
        import functools

        from danvan.reports.facts import register_rule

        for source, (model, _derive) in facts.SOURCES.items():
            register_rule(source=source, version=facts.RULE_VERSION, model=model,
                          rebuild=functools.partial(facts.rebuild_facts, source))
        navigation.register(_("Vận động"), "campaigns:list", order=60)
        home_panels.register(home_panel, order=60)
        home_panels.register_queue(work_items, order=60)
