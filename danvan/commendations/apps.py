from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "danvan.commendations"
    label = "commendations"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from .award_forms import SEED_CODES
        from .panels import work_items

        # Categories are the seeded award-form codes; forms an administrator adds later still produce facts
        # (their own code as category) — the catalogue simply shows the code where it has no label.
        for code, name, order in (
            ("commendation.collective", _("Tập thể được khen thưởng"), 60),
            ("commendation.individual", _("Cá nhân được khen thưởng"), 61),
        ):
            register_indicator(IndicatorSpec(
                code=code, name=str(name), unit_of_measure="tập thể" if code.endswith("collective") else "cá nhân",
                source="commendations", categories=dict(SEED_CODES), order=order,
                description=str(_("Khen thưởng đã có quyết định, tính theo ngày quyết định và đơn vị được khen; "
                                  "phân loại theo hình thức khen thưởng.")),
            ))
        navigation.register(_("Khen thưởng"), "commendations:list", order=40)
        home_panels.register_queue(work_items, order=40)
