"""When a rule reminds: 7 and 1 days before, then every 7 days while overdue (pure date arithmetic)."""

import datetime

import pytest

from danvan.reminders.models import ReminderRule
from danvan.reminders.schedule import occasion_on, parse_days

DUE = datetime.date(2026, 4, 15)


def rule(**fields):
    defaults = {"days_before": "7,1", "overdue_every_days": 7, "overdue_for_days": 90, "escalate_after_days": 7}
    defaults.update(fields)
    return ReminderRule(kind="commitment", name="x", **defaults)


def labels(r, start, end):
    """The occasion labels of each day from start to end (None where nothing is said)."""
    day, found = start, {}
    while day <= end:
        occasion = occasion_on(r, DUE, day)
        found[(day - DUE).days] = occasion.label if occasion else None
        day += datetime.timedelta(days=1)
    return found


def test_seven_and_one_days_before_then_every_seven_days_overdue():
    seen = labels(rule(), DUE - datetime.timedelta(days=10), DUE + datetime.timedelta(days=16))
    changes = [(offset, label) for offset, label in sorted(seen.items())
               if label is not None and seen.get(offset - 1) != label]
    assert changes == [(-7, "-7"), (-1, "-1"), (1, "+1"), (8, "+8"), (15, "+15")]
    assert seen[-10] is None and seen[0] == "-1"  # nothing before the first point; the due day adds nothing


def test_the_due_day_itself_when_asked_and_no_overdue_reminders_when_off():
    seen = labels(rule(days_before="0", overdue_every_days=0), DUE - datetime.timedelta(days=3),
                  DUE + datetime.timedelta(days=10))
    assert {offset for offset, label in seen.items() if label == "0"} == {0}
    assert all(label is None for offset, label in seen.items() if offset != 0)


def test_overdue_reminders_stop_after_the_limit():
    r = rule(overdue_for_days=20)
    assert occasion_on(r, DUE, DUE + datetime.timedelta(days=15)).label == "+15"
    assert occasion_on(r, DUE, DUE + datetime.timedelta(days=21)) is None


def test_escalation_starts_at_the_rule_threshold():
    r = rule(escalate_after_days=8)
    assert not occasion_on(r, DUE, DUE + datetime.timedelta(days=1)).escalate
    assert occasion_on(r, DUE, DUE + datetime.timedelta(days=8)).escalate
    assert occasion_on(rule(escalate_after_days=0), DUE, DUE + datetime.timedelta(days=1)).escalate
    assert not occasion_on(rule(escalate_after_days=None), DUE, DUE + datetime.timedelta(days=30)).escalate


def test_an_item_first_seen_three_days_ahead_gets_its_seven_day_reminder_once():
    occasion = occasion_on(rule(), DUE, DUE - datetime.timedelta(days=3))
    assert occasion.label == "-7" and occasion.days_left == 3
    assert occasion.key(DUE) == "2026-04-15@-7"  # the due date is part of the key: an extension starts anew


def test_day_lists_are_read_as_officials_type_them():
    assert parse_days("7, 1") == [7, 1]
    assert parse_days("1;7;7") == [7, 1]
    assert parse_days("") == []
    with pytest.raises(ValueError):
        parse_days("7, một")
