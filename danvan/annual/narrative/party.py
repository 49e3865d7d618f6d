"""II.1 — công tác dân vận của cấp ủy, tổ chức đảng. Edit the sentences here; the counting is in words.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .words import Context, n, n0, some

T_CONFERENCES = _("%(subject)s đã chỉ đạo, tổ chức %(count)s hội nghị với %(attendees)s lượt người tham dự để học tập, "
                  "quán triệt, triển khai các nghị quyết, quy định, hướng dẫn của Trung ương về %(ctdv)s, dân tộc, "
                  "tôn giáo, thực hiện dân chủ ở cơ sở; số hội nghị %(change)s.")
T_CONFERENCES_ONLY = _("%(subject)s đã chỉ đạo, tổ chức %(count)s hội nghị để học tập, quán triệt, triển khai các "
                       "nghị quyết, quy định, hướng dẫn của Trung ương về %(ctdv)s; số hội nghị %(change)s.")
SUBJECT = _("Các cấp ủy, tổ chức đảng")
SUBJECT_COMMUNE = _("Cấp ủy, chi bộ")


def paragraphs(ctx: Context) -> list[str]:
    count, attendees = ctx.v("conference.dissemination"), ctx.v("conference.dissemination.attendees")
    if not some(count, attendees) or not count:
        return []
    subject = SUBJECT_COMMUNE if ctx.unit.kind == "commune" else SUBJECT
    values = {"subject": subject, "count": n0(count), "ctdv": ctx.abbr("CTDV"),
              "change": ctx.change("conference.dissemination", "hội nghị")}
    if attendees:
        return [str(T_CONFERENCES) % {**values, "attendees": n(attendees)}]
    return [str(T_CONFERENCES_ONLY) % values]
