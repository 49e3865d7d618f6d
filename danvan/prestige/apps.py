from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrestigeConfig(AppConfig):
    name = "danvan.prestige"
    label = "prestige"
    verbose_name = _("Người có uy tín")

    def ready(self) -> None:
        from danvan.core import navigation
        from danvan.reports.catalogue import IndicatorSpec, register_indicator

        from . import rules
        from .ethnic_groups import NAMES
        from .models import Person, SupportEntry

        people = ("Mỗi người có tên trong danh sách người có uy tín vào ngày cuối năm báo cáo (năm hiện tại: "
                  "đang trong danh sách), tính cho xã quản lý vào ngày đó.")
        register_indicator(IndicatorSpec(
            code=rules.PEOPLE, name="Người có uy tín trong đồng bào dân tộc thiểu số", unit_of_measure="người",
            source="prestige", categories=dict(NAMES), order=90,
            description=people + " Phân loại theo dân tộc (mã 01–54)."))
        register_indicator(IndicatorSpec(
            code=rules.PEOPLE_BY_ROLE, name="Người có uy tín, theo thành phần", unit_of_measure="người",
            source="prestige", categories={k: str(v) for k, v in Person.Role.choices}, order=91,
            description=people + " Phân loại theo thành phần (già làng, trưởng thôn, chức sắc tôn giáo…)."))
        kinds = {k: str(v) for k, v in SupportEntry.Kind.choices}
        register_indicator(IndicatorSpec(
            code=rules.SUPPORT, name="Lượt hỗ trợ người có uy tín", unit_of_measure="lượt", source="prestige",
            categories=kinds, order=92,
            description="Mỗi lần thăm hỏi, tặng quà, tập huấn, cấp thẻ bảo hiểm y tế… vào ngày hỗ trợ."))
        register_indicator(IndicatorSpec(
            code=rules.SUPPORT_AMOUNT, name="Kinh phí hỗ trợ người có uy tín", unit_of_measure="đồng",
            source="prestige", categories=kinds, order=93, is_money=True,
            description="Giá trị (đồng) các khoản hỗ trợ, vào ngày hỗ trợ."))
        navigation.register(_("Người có uy tín"), "prestige:list", order=45)
