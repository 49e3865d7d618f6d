"""III — the commission's own work: the đề án assigned to it (from the projects register). What it advised,
guided and inspected is left to people (a marked placeholder follows when nothing is drafted)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import Context, n0

T_PROJECTS = _("%(commission)s chủ trì tham mưu xây dựng %(total)s đề án%(top)s; đã hoàn thành %(done)s đề án.")
T_PROJECTS_TOP = _(" (trong đó %(count)s đề án Bộ Chính trị, Ban Bí thư giao)")
T_PROJECTS_NONE_DONE = _("%(commission)s chủ trì tham mưu xây dựng %(total)s đề án%(top)s, đang triển khai thực hiện.")


def paragraphs(ctx: Context) -> list[str]:
    projects = ctx.registers.get("projects") or {}
    total = projects.get("total")
    if not total:
        return []
    top = str(T_PROJECTS_TOP) % {"count": n0(projects["top"])} if projects.get("top") else ""
    values = {"commission": ctx.unit.commission, "total": n0(total), "top": top, "done": n0(projects.get("done") or 0)}
    return [str(T_PROJECTS if projects.get("done") else T_PROJECTS_NONE_DONE) % values]
