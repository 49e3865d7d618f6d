"""II.3 — Mặt trận Tổ quốc and the organisations: the campaigns, credited to the body that ran them.

The money and houses of a unit's campaigns are credited by who the unit is: a province's or the
nation's figures are the Front's and organisations'; a Party organisation's (Đảng ủy Khối …) are its own.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .words import Context, money, n, percent, some

T_CAMPAIGNS = _("%(body)s %(parts)s.")
T_MONEY = _("vận động được %(money)s ủng hộ các quỹ, chương trình an sinh xã hội, %(change)s")
T_HOUSES = _("hoàn thành, bàn giao sử dụng %(count)s căn nhà Đại đoàn kết, nhà tình nghĩa, nhà tình thương, "
             "%(change)s")
BODY_TERRITORIAL = _("%(mttq)s và các tổ chức chính trị - xã hội các cấp")
BODY_PARTY = _("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị trong %(name)s")
BODY_FRONT = _("%(name)s")
# One sentence per campaign, credited to the body that ran it.
T_CAMPAIGN = _("%(organiser)s tổ chức %(kind)s “%(name)s”%(parts)s.")
T_CAMPAIGN_MONEY = _("vận động được %(money)s")
T_CAMPAIGN_MONEY_TARGET = _("vận động được %(money)s, %(verdict)s kế hoạch %(target)s")
T_CAMPAIGN_HOUSES = _("xây dựng %(total)s căn nhà, trong đó %(done)s căn đã hoàn thành và bàn giao sử dụng, "
                      "%(remaining)s căn còn lại")
T_CAMPAIGN_HOUSES_ALL = _("xây dựng %(total)s căn nhà, đã hoàn thành và bàn giao sử dụng toàn bộ")
VERDICT_OVER = _("vượt")
VERDICT_MET = _("đạt")
VERDICT_UNDER = _("đạt %(pct)s")


def body(ctx: Context) -> str:
    if ctx.unit.kind in ("party_org", "commission", "army", "other"):
        return str(BODY_PARTY) % {"name": ctx.unit.name}
    if ctx.unit.kind in ("front", "organisation"):
        return str(BODY_FRONT) % {"name": ctx.unit.name}
    return str(BODY_TERRITORIAL) % {"mttq": ctx.abbr("MTTQ")}


def campaign_sentence(item: dict) -> str:
    parts = []
    raised, target = item.get("money_received") or 0, item.get("money_target")
    if raised and target:
        if raised > target:
            verdict = str(VERDICT_OVER)
        elif raised == target:
            verdict = str(VERDICT_MET)
        else:
            verdict = str(VERDICT_UNDER) % {"pct": percent(Decimal(str(raised)) / Decimal(str(target)))}
        parts.append(str(T_CAMPAIGN_MONEY_TARGET) % {"money": money(raised), "verdict": verdict,
                                                     "target": money(target)})
    elif raised:
        parts.append(str(T_CAMPAIGN_MONEY) % {"money": money(raised)})
    total = item.get("houses_total") or 0
    if total:
        remaining = item.get("houses_remaining") or 0
        if remaining:
            parts.append(str(T_CAMPAIGN_HOUSES) % {"total": n(total), "done": n(item.get("houses_done") or 0),
                                                   "remaining": n(remaining)})
        else:
            parts.append(str(T_CAMPAIGN_HOUSES_ALL) % {"total": n(total)})
    if not parts:
        return ""
    return str(T_CAMPAIGN) % {"organiser": item["organiser"], "kind": str(item.get("kind", "")).lower(),
                              "name": item["name"], "parts": ": " + "; ".join(parts)}


def paragraphs(ctx: Context) -> list[str]:
    raised, houses = ctx.v("campaign.money.received"), ctx.v("campaign.houses.completed")
    campaigns = [text for text in (campaign_sentence(item) for item in ctx.data.get("campaigns") or []) if text]
    if not some(raised, houses):
        return campaigns
    who = body(ctx)
    parts = []
    if raised:
        parts.append(str(T_MONEY) % {"money": money(raised),
                                     "change": ctx.change("campaign.money.received", "", money_value=True)})
    if houses:
        parts.append(str(T_HOUSES) % {"count": n(houses), "change": ctx.change("campaign.houses.completed", "căn")})
    return [str(T_CAMPAIGNS) % {"body": who, "parts": "; ".join(parts)}, *campaigns]
