"""Legal time limits computed from the DeadlineRule table (data, with its legal source)."""

from __future__ import annotations

import datetime

from ..models import Case, DeadlineRule


def rule_for(kind: str, stage: str, on: datetime.date) -> DeadlineRule | None:
    """The rule in force on `on` (the newest `valid_from` not after it)."""
    return (DeadlineRule.objects.filter(kind=kind, stage=stage, valid_from__lte=on)
            .order_by("-valid_from").first())


def compute_deadlines(case: Case, *, rules: dict | None = None) -> None:
    """Set accept_due / resolve_due (and their legal sources) on `case`; the caller saves.

    Acceptance runs from the receipt date, resolution from the acceptance date (Luật Khiếu nại
    Điều 28, 37; Luật Tố cáo Điều 30), plus every recorded extension. Days are calendar days.
    The rule applied is the one in force on the receipt date.
    """
    if rules is None:
        accept = rule_for(case.kind, DeadlineRule.Stage.ACCEPT, case.received_on)
        resolve = rule_for(case.kind, DeadlineRule.Stage.RESOLVE, case.received_on)
    else:  # bulk generation passes pre-fetched rules
        accept = rules.get((case.kind, DeadlineRule.Stage.ACCEPT))
        resolve = rules.get((case.kind, DeadlineRule.Stage.RESOLVE))
    flags = {"is_complex": case.is_complex, "is_remote": case.is_remote}
    if accept is not None:
        case.accept_due = case.received_on + datetime.timedelta(days=accept.days_for(**flags))
        case.accept_rule = accept.legal_source
    else:
        case.accept_due, case.accept_rule = None, ""
    if resolve is not None and case.accepted_on is not None:
        extra = 0
        if case.pk:
            extra = sum(case.extensions.values_list("days", flat=True))
        case.resolve_due = case.accepted_on + datetime.timedelta(days=resolve.days_for(**flags) + extra)
        case.resolve_rule = resolve.legal_source
    else:
        case.resolve_due, case.resolve_rule = None, ""
