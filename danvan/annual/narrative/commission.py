"""III — the commission's own work, from the records: advice to the cấp ủy (the cấp ủy's documents in the
document register) and documents the commission issued itself, kiểm tra / giám sát and tập huấn it held
(activities register, kinds "kiem_tra_giam_sat" and "tap_huan"), and the đề án assigned to it (projects
register). Whatever the records do not hold (coordination, building the agency) stays with people."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import Context, n, n0

T_ADVISED = _("%(commission)s đã tham mưu %(committee)s ban hành %(items)s về %(ctdv)s%(own)s.")
T_ADVISED_OWN = _("; ban hành theo thẩm quyền %(items)s")
T_OWN_ONLY = _("%(commission)s đã ban hành theo thẩm quyền %(items)s về %(ctdv)s.")
T_DOC_COUNT = _("%(count)s %(name)s")
COMMITTEE_NATION = _("Bộ Chính trị, Ban Bí thư")
COMMITTEE = _("cấp ủy")
T_INSPECTIONS = _("Chủ trì, phối hợp tổ chức %(count)s cuộc kiểm tra, giám sát việc thực hiện các chủ trương, quy "
                  "định của Đảng về %(ctdv)s.")
T_TRAININGS = _("Tổ chức %(count)s lớp tập huấn nghiệp vụ %(ctdv)s%(people)s.")
T_TRAINING_PEOPLE = _(" với %(n)s lượt cán bộ tham dự")
T_PROJECTS = _("%(commission)s chủ trì tham mưu xây dựng %(total)s đề án%(top)s; đã hoàn thành %(done)s đề án.")
T_PROJECTS_TOP = _(" (trong đó %(count)s đề án Bộ Chính trị, Ban Bí thư giao)")
T_PROJECTS_NONE_DONE = _("%(commission)s chủ trì tham mưu xây dựng %(total)s đề án%(top)s, đang triển khai thực hiện.")


def _items(counts: dict) -> str:
    """{"hướng dẫn": 5, "kế hoạch": 3} -> "05 hướng dẫn, 03 kế hoạch" (largest first)."""
    ordered = sorted(((name, count) for name, count in counts.items() if count), key=lambda item: -item[1])
    return ", ".join(str(T_DOC_COUNT) % {"count": n0(count), "name": name} for name, count in ordered)


def documents(ctx: Context) -> str:
    advised = _items(ctx.registers.get("documents") or {})
    own = _items(ctx.registers.get("commission_documents") or {})
    if advised:
        committee = COMMITTEE_NATION if ctx.unit.kind == "nation" else COMMITTEE
        return str(T_ADVISED) % {"commission": ctx.unit.commission, "committee": committee, "items": advised,
                                 "ctdv": ctx.abbr("CTDV"), "own": str(T_ADVISED_OWN) % {"items": own} if own else ""}
    if own:
        return str(T_OWN_ONLY) % {"commission": ctx.unit.commission, "items": own, "ctdv": ctx.abbr("CTDV")}
    return ""


def inspections(ctx: Context) -> str:
    count = (ctx.registers.get("inspections") or {}).get("count")
    return str(T_INSPECTIONS) % {"count": n0(count), "ctdv": ctx.abbr("CTDV")} if count else ""


def trainings(ctx: Context) -> str:
    found = ctx.registers.get("trainings") or {}
    if not found.get("count"):
        return ""
    people = str(T_TRAINING_PEOPLE) % {"n": n(found["attendees"])} if found.get("attendees") else ""
    return str(T_TRAININGS) % {"count": n0(found["count"]), "ctdv": ctx.abbr("CTDV"), "people": people}


def projects(ctx: Context) -> str:
    found = ctx.registers.get("projects") or {}
    total = found.get("total")
    if not total:
        return ""
    top = str(T_PROJECTS_TOP) % {"count": n0(found["top"])} if found.get("top") else ""
    values = {"commission": ctx.unit.commission, "total": n0(total), "top": top, "done": n0(found.get("done") or 0)}
    return str(T_PROJECTS if found.get("done") else T_PROJECTS_NONE_DONE) % values


def paragraphs(ctx: Context) -> list[str]:
    return [text for text in (documents(ctx), inspections(ctx), trainings(ctx), projects(ctx)) if text]
