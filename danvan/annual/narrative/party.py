"""II.1 — công tác dân vận của cấp ủy, tổ chức đảng. Edit the sentences here; the counting is in words.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import Context, n, n0, some

T_CONFERENCES = _("%(subject)s đã chỉ đạo, tổ chức %(count)s hội nghị với %(attendees)s lượt người tham dự để học tập, "
                  "quán triệt, triển khai các nghị quyết, quy định, hướng dẫn của Trung ương về %(ctdv)s, dân tộc, "
                  "tôn giáo, thực hiện dân chủ ở cơ sở; số hội nghị %(change)s.")
T_CONFERENCES_ONLY = _("%(subject)s đã chỉ đạo, tổ chức %(count)s hội nghị để học tập, quán triệt, triển khai các "
                       "nghị quyết, quy định, hướng dẫn của Trung ương về %(ctdv)s; số hội nghị %(change)s.")
T_DOCUMENTS = _("%(issuer)s đã ban hành %(items)s về %(ctdv)s.")
T_DOC_ITEM = _("%(count)s %(name)s")
T_DOC_OTHERS = _("%(count)s văn bản lãnh đạo, chỉ đạo")
T_REVIEWS = _("Các cấp ủy, tổ chức đảng đã chỉ đạo %(items)s việc thực hiện các nghị quyết, chỉ thị, kết luận về "
              "%(ctdv)s.")
T_INTERIM = _("sơ kết %(count)s văn bản")
T_FINAL = _("tổng kết %(count)s văn bản")
ISSUER_NATION = _("Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư")
ISSUER = _("Cấp ủy")
SUBJECT = _("Các cấp ủy, tổ chức đảng")
SUBJECT_COMMUNE = _("Cấp ủy, chi bộ")


def documents(ctx: Context) -> str:
    issued = {name: n for name, n in (ctx.registers.get("documents") or {}).items() if n}
    if not issued:
        return ""
    resolutions = issued.pop("nghị quyết", 0)
    items = [str(T_DOC_ITEM) % {"count": n0(resolutions), "name": "nghị quyết"}] if resolutions else []
    others = sum(issued.values())
    if others:
        items.append(str(T_DOC_OTHERS) % {"count": n0(others)})
    issuer = ISSUER_NATION if ctx.unit.kind == "nation" else ISSUER
    return str(T_DOCUMENTS) % {"issuer": issuer, "items": " và ".join(items), "ctdv": ctx.abbr("CTDV")}


def reviews(ctx: Context) -> str:
    held = ctx.registers.get("reviews") or {}
    items = []
    if held.get("so_ket"):
        items.append(str(T_INTERIM) % {"count": n0(held["so_ket"])})
    if held.get("tong_ket"):
        items.append(str(T_FINAL) % {"count": n0(held["tong_ket"])})
    if not items:
        return ""
    return str(T_REVIEWS) % {"items": ", ".join(items), "ctdv": ctx.abbr("CTDV")}


def paragraphs(ctx: Context) -> list[str]:
    return [text for text in (documents(ctx), conferences(ctx), reviews(ctx)) if text]


def conferences(ctx: Context) -> str:
    count, attendees = ctx.v("conference.dissemination"), ctx.v("conference.dissemination.attendees")
    if not some(count, attendees) or not count:
        return ""
    subject = SUBJECT_COMMUNE if ctx.unit.kind == "commune" else SUBJECT
    values = {"subject": subject, "count": n0(count), "ctdv": ctx.abbr("CTDV"),
              "change": ctx.change("conference.dissemination", "hội nghị")}
    if attendees:
        return str(T_CONFERENCES) % {**values, "attendees": n(attendees)}
    return str(T_CONFERENCES_ONLY) % values
