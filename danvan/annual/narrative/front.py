"""II.3 — Mặt trận Tổ quốc and the organisations: the campaigns, credited to the body that ran them.

The money and houses of a unit's campaigns are credited by who the unit is: a province's or the
nation's figures are the Front's and organisations'; a Party organisation's (Đảng ủy Khối …) are its own.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import Context, money, n, some

T_CAMPAIGNS = _("%(body)s %(parts)s.")
T_MONEY = _("vận động được %(money)s ủng hộ các quỹ, chương trình an sinh xã hội, %(change)s")
T_HOUSES = _("hoàn thành, bàn giao sử dụng %(count)s căn nhà Đại đoàn kết, nhà tình nghĩa, nhà tình thương, "
             "%(change)s")
BODY_TERRITORIAL = _("%(mttq)s và các tổ chức chính trị - xã hội các cấp")
BODY_PARTY = _("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị trong %(name)s")
BODY_FRONT = _("%(name)s")


def body(ctx: Context) -> str:
    if ctx.unit.kind in ("party_org", "commission", "army", "other"):
        return str(BODY_PARTY) % {"name": ctx.unit.name}
    if ctx.unit.kind in ("front", "organisation"):
        return str(BODY_FRONT) % {"name": ctx.unit.name}
    return str(BODY_TERRITORIAL) % {"mttq": ctx.abbr("MTTQ")}


def paragraphs(ctx: Context) -> list[str]:
    raised, houses = ctx.v("campaign.money.received"), ctx.v("campaign.houses.completed")
    if not some(raised, houses):
        return []
    who = body(ctx)
    parts = []
    if raised:
        parts.append(str(T_MONEY) % {"money": money(raised),
                                     "change": ctx.change("campaign.money.received", "", money_value=True)})
    if houses:
        parts.append(str(T_HOUSES) % {"count": n(houses), "change": ctx.change("campaign.houses.completed", "căn")})
    return [str(T_CAMPAIGNS) % {"body": who, "parts": "; ".join(parts)}]
