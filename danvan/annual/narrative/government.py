"""II.2 — công tác dân vận của chính quyền: dialogues by level, petitions received and resolved, handled on time
or late and left overdue at the period's end (petitions register), hotspots and mass complaints."""

from __future__ import annotations

from decimal import Decimal

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
T_ON_TIME = _("Trong số đơn, vụ việc đã giải quyết trong %(period)s, có %(on_time)s đơn giải quyết đúng hạn "
              "(%(rate)s)%(late)s.")
T_ON_TIME_LATE = _(", %(late)s đơn giải quyết quá hạn")
T_OVERDUE_OPEN = _("Đến ngày %(date)s, còn %(count)s đơn, vụ việc quá hạn giải quyết, cần tiếp tục đôn đốc giải quyết "
                   "dứt điểm.")
T_NO_OVERDUE = _("Đến ngày %(date)s, không còn đơn, vụ việc quá hạn giải quyết.")
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


def deadlines(ctx: Context) -> str:
    """On time / late / overdue from the petitions register (its own counts, not the engine's figures)."""
    found = ctx.registers.get("petitions") or {}
    if not found:
        return ""
    parts = []
    resolved = found.get("resolved") or 0
    if resolved:
        late = found.get("late") or 0
        parts.append(str(T_ON_TIME) % {
            "period": ctx.period_lower, "on_time": n(found.get("on_time") or 0),
            "rate": percent(Decimal(found.get("on_time") or 0) / Decimal(resolved)),
            "late": str(T_ON_TIME_LATE) % {"late": n(late)} if late else ""})
    date = ctx.period_end_text
    if found.get("overdue_open"):
        parts.append(str(T_OVERDUE_OPEN) % {"date": date, "count": n(found["overdue_open"])})
    elif resolved:
        parts.append(str(T_NO_OVERDUE) % {"date": date})
    return " ".join(parts)


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
    return [text for text in (dialogue(ctx), petitions(ctx), deadlines(ctx), hotspots(ctx)) if text]
