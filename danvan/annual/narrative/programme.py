"""III — what was done against the year's work programme (danvan.programme), from the engine's figures:
"Thực hiện Chương trình công tác năm 2026, đã hoàn thành 7/8 nhiệm vụ trọng tâm; hoàn thành 33/33 đề án (trong
đó 17 đề án Bộ Chính trị, Ban Bí thư giao)." The split by who assigned the projects is the engine's category
breakdown of `project.assigned` / `project.done`; missing figures give no sentence (never "0/0")."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .words import Context, n, n0

T_YEAR = _("Thực hiện Chương trình công tác năm %(year)s, đã %(parts)s.")
T_HALF = _("Thực hiện Chương trình công tác năm %(year)s, với các nhiệm vụ có thời hạn trong 6 tháng đầu năm, đã "
           "%(parts)s.")
T_TASKS = _("hoàn thành %(done)s/%(total)s nhiệm vụ trọng tâm")
T_PROJECTS = _("hoàn thành %(done)s/%(total)s đề án%(top)s")
T_TOP = _(" (trong đó %(count)s đề án Bộ Chính trị, Ban Bí thư giao)")
T_TOP_PART = _(" (trong đó %(count)s đề án Bộ Chính trị, Ban Bí thư giao, đã hoàn thành %(done)s)")
POLITBURO = "bct_bbt"


def _politburo(ctx: Context) -> tuple[Decimal, Decimal]:
    """(assigned, done) projects of the Politburo / Secretariat: the engine's category split for the report's
    unit, period and boundaries; (0, 0) when it cannot be read (a report rendered from plain data)."""
    from danvan.orgunits.models import OrgUnit
    from danvan.reports import selectors

    unit = OrgUnit.objects.filter(key=ctx.data.get("unit") or "").first()
    if unit is None:
        return Decimal(0), Decimal(0)
    period = f"{ctx.year}S1" if ctx.half else str(ctx.year)
    split = selectors.breakdowns(unit=unit, period=period, indicators=["project.assigned", "project.done"],
                                 by="category", boundaries=ctx.data.get("boundaries") or "historical")
    return (Decimal(split["project.assigned"].get(POLITBURO) or 0),
            Decimal(split["project.done"].get(POLITBURO) or 0))


def paragraphs(ctx: Context) -> list[str]:
    tasks, projects = ctx.v("programme.tasks"), ctx.v("project.assigned")
    parts = []
    if tasks:
        parts.append(str(T_TASKS) % {"done": n(ctx.v("programme.tasks.done") or 0), "total": n(tasks)})
    if projects:
        top_total, top_done = _politburo(ctx)
        top = ""
        if top_total:
            top = str(T_TOP if top_done == top_total else T_TOP_PART) % {"count": n0(top_total), "done": n0(top_done)}
        parts.append(str(T_PROJECTS) % {"done": n0(ctx.v("project.done") or 0), "total": n0(projects), "top": top})
    if not parts:
        return []
    return [str(T_HALF if ctx.half else T_YEAR) % {"year": ctx.year, "parts": "; ".join(parts)}]


def after(writer: Callable[[Context], list[str]]) -> Callable[[Context], list[str]]:
    """A section writer followed by the programme's sentence (registered on the commission's section)."""
    return lambda ctx: [*writer(ctx), *paragraphs(ctx)]
