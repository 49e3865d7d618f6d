"""II.5 — the "Dân vận khéo" movement and commendations (by award form where the engine knows it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import Context, n, n0, number

T_REGISTERED = _("%(period)s, %(area)s có %(registered)s mô hình “Dân vận khéo” được đăng ký, trong đó, các cấp có "
                 "thẩm quyền đã công nhận %(recognised)s mô hình%(made_of)s; số mô hình đăng ký %(change)s.")
T_REGISTERED_ONLY = _("%(period)s, %(area)s có %(registered)s mô hình “Dân vận khéo” được đăng ký, %(change)s.")
T_RECOGNISED_ONLY = _("%(period)s, %(area)s có %(recognised)s mô hình “Dân vận khéo” được các cấp có thẩm quyền "
                      "công nhận%(made_of)s.")
T_MADE_OF = _(", gồm %(parts)s")
T_COLLECTIVE_MODELS = _("%(count)s mô hình tập thể")
T_INDIVIDUAL_MODELS = _("%(count)s mô hình cá nhân")
T_OTHER = _("Có %(items)s.")
T_COMPETITIONS = _("%(count)s cuộc thi, hội thi về %(ctdv)s, Dân vận khéo")
T_MEDIA = _("%(count)s tin, bài, phóng sự về %(ctdv)s")
T_COMMENDED = _("%(collective)s tập thể và %(individual)s cá nhân được khen thưởng, biểu dương vì có thành tích "
                "trong %(ctdv)s")
T_COMMENDED_COLLECTIVE = _("%(collective)s tập thể được khen thưởng, biểu dương vì có thành tích trong %(ctdv)s")
T_COMMENDED_INDIVIDUAL = _("%(individual)s cá nhân được khen thưởng, biểu dương vì có thành tích trong %(ctdv)s")
T_FORMS = _("Trong đó có %(forms)s.")
T_FORM = _("%(count)s %(form)s")
T_DECADE = _("%(span)s năm qua (%(first)s–%(last)s), %(area)s có %(approx)s mô hình “Dân vận khéo” được đăng "
             "ký%(recognised)s.")
T_TERM = _("Nhiệm kỳ %(first)s–%(last)s, %(area)s có %(approx)s mô hình “Dân vận khéo” được đăng ký%(recognised)s.")
T_TERM_RECOGNISED = _(", %(approx)s mô hình được công nhận")
T_MORE_THAN = _("hơn %(n)s")


def recognised(values: dict | None):
    total = number(values, "dvk.recognised")
    if total:
        return total
    return number(values, "dvk.recognised.collective") + number(values, "dvk.recognised.individual")


def models(ctx: Context) -> str:
    registered = ctx.v("dvk.registered")
    collective, individual = ctx.v("dvk.recognised.collective"), ctx.v("dvk.recognised.individual")
    total = recognised(ctx.figures)
    parts = []
    if collective:
        parts.append(str(T_COLLECTIVE_MODELS) % {"count": n(collective)})
    if individual:
        parts.append(str(T_INDIVIDUAL_MODELS) % {"count": n(individual)})
    made_of = str(T_MADE_OF) % {"parts": ", ".join(parts)} if parts else ""
    values = {"period": ctx.period, "area": ctx.unit.area, "made_of": made_of,
              "registered": n(registered or 0), "recognised": n(total),
              "change": ctx.change("dvk.registered", "mô hình")}
    if registered and total:
        return str(T_REGISTERED) % values
    if registered:
        return str(T_REGISTERED_ONLY) % values
    if total:
        return str(T_RECOGNISED_ONLY) % values
    return ""


def others(ctx: Context) -> str:
    competition, media = ctx.v("competition"), ctx.v("media")
    collective, individual = ctx.v("commendation.collective"), ctx.v("commendation.individual")
    items = []
    if competition:
        items.append(str(T_COMPETITIONS) % {"count": n(competition), "ctdv": ctx.abbr("CTDV")})
    if media:
        items.append(str(T_MEDIA) % {"count": n(media), "ctdv": ctx.abbr("CTDV")})
    if collective and individual:
        items.append(str(T_COMMENDED) % {"collective": n0(collective), "individual": n(individual),
                                         "ctdv": ctx.abbr("CTDV")})
    elif collective:
        items.append(str(T_COMMENDED_COLLECTIVE) % {"collective": n0(collective), "ctdv": ctx.abbr("CTDV")})
    elif individual:
        items.append(str(T_COMMENDED_INDIVIDUAL) % {"individual": n(individual), "ctdv": ctx.abbr("CTDV")})
    text = str(T_OTHER) % {"items": "; ".join(items)} if items else ""
    forms = ctx.data.get("commendation_forms") or {}
    listed = [str(T_FORM) % {"count": n0(count), "form": name} for name, count in forms.items() if count]
    if listed:
        text = (text + " " if text else "") + str(T_FORMS) % {"forms": ", ".join(listed)}
    return text


def approx(total) -> str:
    """903.412 -> "hơn 903.000"; small or round numbers stay exact."""
    total = int(total)
    if total >= 10_000 and total % 1000:
        return str(T_MORE_THAN) % {"n": n(total - total % 1000)}
    return n(total)


def multi_year(ctx: Context) -> str:
    span = ctx.data.get("multi_year") or {}
    totals = span.get("totals") or {}
    registered = totals.get("dvk.registered")
    if not registered:
        return ""
    recognised_total = totals.get("dvk.recognised")
    extra = str(T_TERM_RECOGNISED) % {"approx": approx(recognised_total)} if recognised_total else ""
    template = T_DECADE if span.get("span") == 10 else T_TERM
    return str(template) % {"span": span.get("span"), "first": span["first"], "last": span["last"],
                            "area": ctx.unit.area, "approx": approx(registered), "recognised": extra}


def paragraphs(ctx: Context) -> list[str]:
    return [text for text in (models(ctx), others(ctx), multi_year(ctx)) if text]
