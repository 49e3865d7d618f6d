"""THE counting rule of an activity: which facts it contributes to the reporting engine.

Only activities with status "đã tổ chức" count; the day is the start date; the unit is the organising
unit; `level` is set only when the user overrode the level (a joint event counted at another level).

| indicator | when | value | category |
|---|---|---|---|
| activity | every held activity | 1 | kind code |
| conference.dissemination | kind.is_conference and purpose in học tập / quán triệt / triển khai | 1 | purpose |
| conference.dissemination.attendees | same | attendees (lượt người) | purpose |
| dialogue | kind.is_dialogue | 1 | |
| competition | kind.is_competition | 1 | |
| media | kind.is_media | 1 | |
"""

from __future__ import annotations

from danvan.reports.facts import Fact, replace_facts, replace_facts_bulk

from .models import Activity

SOURCE = "activities.activity"

INDICATORS = {
    "activity": ("Hoạt động", "hoạt động"),
    "conference.dissemination": ("Hội nghị học tập, quán triệt, triển khai văn bản", "hội nghị"),
    "conference.dissemination.attendees": ("Lượt người dự hội nghị học tập, quán triệt", "lượt người"),
    "dialogue": ("Hội nghị tiếp xúc, đối thoại giữa lãnh đạo và Nhân dân", "cuộc"),
    "competition": ("Cuộc thi, hội thi", "cuộc"),
    "media": ("Tin, bài, phóng sự", "tin, bài"),
}


def activity_facts(activity: Activity) -> list[Fact]:
    if activity.status != Activity.Status.HELD:
        return []
    kind = activity.kind
    common = {
        "unit_id": activity.unit_id,
        "day": activity.start_date,
        "sector": activity.sector.code if activity.sector_id else "",
        "level": activity.level if activity.level_overridden else "",
    }
    facts = [Fact("activity", value=1, category=kind.code, **common)]
    if kind.is_conference and activity.purpose in Activity.DISSEMINATION_PURPOSES:
        facts.append(Fact("conference.dissemination", value=1, category=activity.purpose, **common))
        facts.append(Fact("conference.dissemination.attendees", value=activity.attendees or 0,
                          category=activity.purpose, **common))
    if kind.is_dialogue:
        facts.append(Fact("dialogue", value=1, **common))
    if kind.is_competition:
        facts.append(Fact("competition", value=1, **common))
    if kind.is_media:
        facts.append(Fact("media", value=1, **common))
    return facts


def sync_facts(activity: Activity) -> None:
    replace_facts(source=SOURCE, source_id=activity.pk, facts=activity_facts(activity))


def sync_facts_bulk(activities) -> None:
    replace_facts_bulk(source=SOURCE, facts_by_id={a.pk: activity_facts(a) for a in activities})
