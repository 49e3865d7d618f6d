"""II.2 — công tác dân vận của chính quyền: dialogues by level, petitions received and resolved."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import LEVEL_WORDS, LEVELS, Context, n, n0, percent, value

T_DIALOGUE = _("Người đứng đầu cấp ủy, chính quyền tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân. %(period)s, "
               "%(area)s tổ chức %(count)s cuộc%(detail)s, %(change)s.")
T_DIALOGUE_DETAIL = _(" (trong đó %(parts)s)")
T_LEVEL_PART = _("%(level)s %(count)s cuộc")
T_PETITIONS = _("Các cơ quan, đơn vị đã tiếp nhận %(received)s đơn thư, kiến nghị của Nhân dân, đã giải quyết "
                "%(resolved)s đơn, đạt %(rate)s; số đơn tiếp nhận %(change)s.")
T_NO_HOTSPOTS = _("Trong %(period)s, trên địa bàn không xảy ra khiếu kiện đông người, điểm nóng.")
T_HOTSPOTS = _("Các cấp theo dõi, chỉ đạo giải quyết %(total)s điểm nóng, vụ việc khiếu kiện đông người (trong đó "
               "%(mass)s vụ khiếu kiện đông người, %(new)s vụ việc phát sinh trong %(period)s).")
T_PETITIONS_RECEIVED = _("Các cơ quan, đơn vị đã tiếp nhận %(received)s đơn thư, kiến nghị của Nhân dân, %(change)s.")


def dialogue(ctx: Context) -> str:
    total = ctx.v("dialogue")
    if not total:
        return ""
    split = (ctx.data.get("by_level") or {}).get("dialogue") or {}
    parts = [str(T_LEVEL_PART) % {"level": LEVEL_WORDS[level], "count": n(value(split, level))}
             for level in LEVELS if value(split, level)]
    detail = str(T_DIALOGUE_DETAIL) % {"parts": ", ".join(parts)} if len(parts) > 1 else ""
    return str(T_DIALOGUE) % {"period": ctx.period, "area": ctx.unit.area, "count": n(total), "detail": detail,
                              "change": ctx.change("dialogue", "cuộc")}


def petitions(ctx: Context) -> str:
    received, resolved = ctx.v("petition.received"), ctx.v("petition.resolved")
    if not received:
        return ""
    change = ctx.change("petition.received", "đơn")
    if resolved is not None:
        return str(T_PETITIONS) % {"received": n(received), "resolved": n(resolved),
                                   "rate": percent(resolved / received), "change": change}
    return str(T_PETITIONS_RECEIVED) % {"received": n(received), "change": change}


def hotspots(ctx: Context) -> str:
    found = ctx.registers.get("hotspots") or {}
    if not found or ctx.unit.kind not in ("nation", "province", "district", "commune"):
        return ""
    if not found.get("total"):
        # Only said where the unit keeps its petitions here: an empty register elsewhere proves nothing.
        return str(T_NO_HOTSPOTS) % {"period": ctx.period_lower} if ctx.v("petition.received") else ""
    return str(T_HOTSPOTS) % {"total": n0(found["total"]), "mass": n0(found.get("mass") or 0),
                              "new": n0(found.get("new") or 0), "period": ctx.period_lower}


def paragraphs(ctx: Context) -> list[str]:
    return [text for text in (dialogue(ctx), petitions(ctx), hotspots(ctx)) if text]
