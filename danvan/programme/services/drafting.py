"""Items drafted from last year's annual report (Part Two)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.audit import audit_bulk
from danvan.core.concurrency import lock
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit

from .. import rules
from ..models import Programme, ProgrammeItem
from .items import _next_number
from .programmes import (
    NothingToDraft,
    _ensure_draft,
    _ensure_edit,
)

# --- draft from last year's Part Two ------------------------------------------------------------------------

def part_two_text(unit: OrgUnit, year: int) -> tuple[str, Any]:
    """(text, report) of Part Two of `unit`'s annual report for `year` (historical boundaries first)."""
    from danvan.annual import outline
    from danvan.annual.models import AnnualReport
    from danvan.annual.selectors import current_texts

    reports = list(AnnualReport.objects.filter(unit=unit, year=year, half=0).order_by("boundaries"))
    reports.sort(key=lambda r: r.boundaries != AnnualReport.Boundaries.HISTORICAL)
    for report in reports:
        text = (current_texts(report).get(outline.PART_TWO) or "").strip()
        if text:
            return text, report
    return "", (reports[0] if reports else None)


@transaction.atomic
def draft_from_part_two(*, actor, programme: Programme, on_behalf: bool | None = None) -> list[ProgrammeItem]:
    """One key task per item, line or bullet of Part Two ("Phương hướng, nhiệm vụ năm …") of the unit's
    annual report for the previous year. Lines already in the programme are skipped, so a second click adds
    nothing. Raises NothingToDraft (in Vietnamese) when there is no such report or its Part Two is empty."""
    programme = lock(programme, None, related=("unit",))
    effective = _ensure_edit(actor, programme, on_behalf)
    _ensure_draft(programme)
    last_year = programme.year - 1
    text, report = part_two_text(programme.unit, last_year)
    if report is None:
        raise NothingToDraft(_("Chưa có báo cáo tổng kết năm %(y)s của “%(u)s” nên chưa có Phần thứ hai để lập dự "
                               "thảo. Hãy thêm nhiệm vụ bằng tay hoặc nhập từ tệp.") % {
            "y": last_year, "u": programme.unit.name}, code="no_report")
    lines = rules.part_two_lines(text)
    if not lines:
        raise NothingToDraft(_("Phần thứ hai (phương hướng, nhiệm vụ năm %(y)s) của báo cáo tổng kết năm %(ly)s chưa "
                               "có nội dung.") % {"y": programme.year, "ly": last_year}, code="empty_part_two")
    existing = {fold(title) for title in programme.items.values_list("title", flat=True)}
    number = _next_number(programme, ProgrammeItem.Kind.TASK)
    created: list[ProgrammeItem] = []
    note = _("Tạo từ Phần thứ hai báo cáo tổng kết năm %(y)s") % {"y": last_year}
    for line in lines:
        title, description = rules.split_title(line)
        if fold(title) in existing:
            continue
        existing.add(fold(title))
        item = ProgrammeItem(programme=programme, kind=ProgrammeItem.Kind.TASK, number=number, title=title,
                             description=description, owner_unit=programme.unit, source="part_two")
        rules.normalise_item(item)
        number += 1
        created.append(item)
    ProgrammeItem.objects.bulk_create(created)
    audit_bulk([{"actor": actor, "action": "programme.item.created", "target": item, "created": True,
                 "on_behalf": effective, "note": note} for item in created])
    return created
