from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "danvan.activities"
    label = "activities"
    verbose_name = _("Hoạt động và văn bản")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from .facts import INDICATORS
        from .kinds import STANDARD_KINDS
        from .models import Activity

        for order, (code, (name, unit_of_measure)) in enumerate(INDICATORS.items()):
            categories = {}
            if code == "activity":
                categories = {k["code"]: k["name"] for k in STANDARD_KINDS}
            elif code.startswith("conference.dissemination"):
                categories = {p.value: str(p.label) for p in Activity.Purpose if p in Activity.DISSEMINATION_PURPOSES}
            register_indicator(IndicatorSpec(code=code, name=name, unit_of_measure=unit_of_measure,
                                             source="activities", categories=categories, order=200 + order))
        navigation.register(_("Hoạt động"), "activities:list", 30)
        navigation.register(_("Văn bản"), "activities:document_list", 35)
        from .panels import work_items

        home_panels.register_queue(work_items, 30)
