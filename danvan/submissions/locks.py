"""Hooks into the engine: an accepted report locks its unit's figures for that period and counts as approved."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Submission


def accepted_lock(unit, period_code: str) -> str | None:
    """The engine asks this before every change of an entered figure (also for enclosing periods)."""
    submission = (Submission.objects.filter(unit_id=unit.pk, period=period_code, status=Submission.Status.ACCEPTED)
                  .select_related("form").first())
    if submission is None:
        return None
    return _("Báo cáo “%(form)s” kỳ %(period)s của %(unit)s đã được chấp nhận; số liệu bị khóa cho đến khi cấp "
             "trên mở lại báo cáo.") % {"form": submission.form.name, "period": period_code, "unit": unit.name}


def is_accepted(unit, period_code: str) -> bool:
    """With APPROVED_FIGURES_ONLY, a child's figures count upwards only when its report was accepted."""
    return Submission.objects.filter(unit_id=unit.pk, period=period_code, status=Submission.Status.ACCEPTED).exists()


def accepted_locks(units_by_id: dict, codes: list[str]) -> dict[tuple[int, str], str]:
    """`accepted_lock` for a whole import: one query per 2.000 units instead of one per (unit, period)."""
    found: dict[tuple[int, str], str] = {}
    unit_ids = sorted(units_by_id)
    for start in range(0, len(unit_ids), 2000):
        accepted = (Submission.objects.filter(unit_id__in=unit_ids[start:start + 2000], period__in=codes,
                                              status=Submission.Status.ACCEPTED)
                    .select_related("form").order_by("pk"))
        for submission in accepted:
            unit = units_by_id[submission.unit_id]
            found.setdefault((submission.unit_id, submission.period), _(
                "Báo cáo “%(form)s” kỳ %(period)s của %(unit)s đã được chấp nhận; số liệu bị khóa cho đến khi cấp "
                "trên mở lại báo cáo.") % {"form": submission.form.name, "period": submission.period,
                                           "unit": unit.name})
    return found


accepted_lock.bulk = accepted_locks
