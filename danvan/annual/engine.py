"""The only place this app talks to the reporting engine (danvan.reports), by its fixed contract."""

from __future__ import annotations

from decimal import Decimal

from .narrative import INDICATOR_LABELS


def jsonable_number(value):
    """Decimal -> int when integral, else float (figures are counts, people or whole đồng)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _clean(value):
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return jsonable_number(value)


def annual_figures(*, unit, year: int, boundaries: str) -> dict:
    """The engine's `annual_figures`, made JSON-ready."""
    from danvan.reports.selectors import annual_figures as engine_annual_figures

    return _clean(engine_annual_figures(unit=unit, year=year, boundaries=boundaries))


def half_year_figures(*, unit, year: int, boundaries: str) -> dict:
    """The same figure set for the first six months (period `YYYYS1`), compared with the same half of the
    previous year, built from the engine's period reads (`figure_set`, `child_figures`, `breakdowns`): a figure
    without data is None in both halves (never 0), and coverage is stated as for a year."""
    from danvan.reports import selectors as reports

    codes = reports.engine.all_codes()
    period, previous = f"{year}S1", f"{year - 1}S1"
    shown = reports.figure_set(unit=unit, period=period, indicators=codes, boundaries=boundaries)
    before = reports.figure_set(unit=unit, period=previous, indicators=codes, boundaries=boundaries)
    by_level = reports.breakdowns(unit=unit, period=period, indicators=codes, by="level", boundaries=boundaries)
    children = reports.child_figures(unit=unit, period=period, indicators=codes, boundaries=boundaries)
    return _clean({
        "unit": unit.key, "year": year, "boundaries": boundaries, "as_of": reports.as_of(),
        "figures": shown["values"],
        "by_level": by_level,
        "by_child": [{"unit": child["unit"].key, "name": child["unit"].name, "figures": child["figures"]}
                     for child in children],
        "previous_year": before["values"],
        "coverage": shown["coverage"],
    })


SPLIT_CODES = ["commendation.collective", "commendation.individual", "petition.resolved"]


def category_splits(*, unit, year: int, half: int, boundaries: str) -> dict[str, dict]:
    """The engine's category split of the period, in one read: commendations by award form, and cases resolved
    "on_time" / "late" (the petitions' counting rule, petitions/services/facts.py)."""
    from danvan.reports import selectors as reports
    from danvan.reports.cache import cached

    period = f"{year}S1" if half else str(year)

    def compute() -> dict[str, dict]:
        try:
            return reports.breakdowns(unit=unit, period=period, indicators=SPLIT_CODES, by="category",
                                      boundaries=boundaries)
        except (ValueError, KeyError):
            return {}

    return cached("annual-splits", (unit.pk, period, boundaries), split_version(unit, year, boundaries), compute)


def split_version(unit, year: int, boundaries: str) -> str | None:
    """What a category split of the year (or its half) is computed from: the unit's roll-up version of the year
    (every change of a value below it) and the newest fact id (a record whose category alone changed gets new
    facts, `replace_facts`). None = not cacheable (roll-ups unusable, approvals decide what counts)."""
    from danvan.reports.cache import figures_version
    from danvan.reports.models import RecordFact

    base = figures_version(unit.pk, [year], boundaries)
    if base is None:
        return None
    newest = RecordFact.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"{base}.{newest or 0}"


def commendation_forms(split: dict[str, dict]) -> dict[str, int]:
    """Commendations by award form ("Bằng khen của Thủ tướng Chính phủ": 5), from the engine's category split."""
    totals: dict[str, Decimal] = {}
    for code in ("commendation.collective", "commendation.individual"):
        for category, value in (split.get(code) or {}).items():
            if category and value:
                totals[category] = totals.get(category, Decimal(0)) + Decimal(value)
    if not totals:
        return {}
    try:
        from danvan.commendations.award_forms import SEED_CODES
    except ImportError:
        SEED_CODES = {}  # noqa: N806
    return {str(SEED_CODES.get(code, code)): jsonable_number(value)
            for code, value in sorted(totals.items(), key=lambda item: -item[1])}


def child_units(keys: list[str]) -> list:
    """The child units of the engine's by-child rows, in one query."""
    from danvan.orgunits.models import OrgUnit

    return list(OrgUnit.objects.filter(key__in=[key for key in keys if key]))


def child_meta(units: list) -> dict[str, dict]:
    """Kind and validity dates of the child units (to tell apart units that share a name across the 2025 reform)."""
    return {unit.key: {"kind": unit.kind, "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
                       "valid_to": unit.valid_to.isoformat() if unit.valid_to else None} for unit in units}


def indicator_labels(codes) -> dict[str, dict]:
    """{code: {"name": …, "unit": …}} from the engine's catalogue, falling back to the built-in names."""
    labels: dict[str, dict] = {}
    try:
        from danvan.reports.models import Indicator

        for code, name, uom in Indicator.objects.filter(code__in=list(codes)).values_list(
                "code", "name", "unit_of_measure"):
            labels[code] = {"name": name, "unit": uom}
    except ImportError:  # engine not installed (pure rendering)
        pass
    for code in codes:
        if code not in labels:
            name, uom = INDICATOR_LABELS.get(code, (code, ""))
            labels[code] = {"name": name, "unit": uom}
    return labels


def campaign_summaries(*, unit, start, end, limit: int = 6) -> list[dict]:
    """The campaigns organised by the unit or a unit below it that ran during [start, end], each credited to
    its organiser: money received in the period against the money target, and houses targeted / completed and
    handed over / remaining at the period's end (the campaigns app's own reads)."""
    from django.db.models import Q

    from danvan.campaigns import selectors as campaigns
    from danvan.campaigns.models import Campaign

    found = (Campaign.objects.filter(unit__path__startswith=unit.path, start_date__lte=end)
             .filter(Q(end_date__isnull=True) | Q(end_date__gte=start)).select_related("unit")
             .order_by("unit__depth", "start_date", "pk")[:limit])
    result = []
    for campaign in found:
        money = campaigns.money_totals(campaign, start=start, end=end)
        by_status = campaigns.houses_by_status(campaign, as_of=end)
        targets = {m.metric: m.target for m in campaigns.metric_progress(campaign, end=end)}
        houses_total = sum(by_status.values())
        result.append(jsonable_summary({
            "organiser": campaign.unit.name, "organiser_key": campaign.unit.key, "organiser_kind": campaign.unit.kind,
            "kind": campaign.get_kind_display(), "name": campaign.name,
            "money_received": money["received"], "money_target": targets.get("money"),
            "houses_target": targets.get("houses"), "houses_total": houses_total,
            "houses_handed_over": by_status.get("handed_over", 0),
            "houses_done": by_status.get("completed", 0) + by_status.get("handed_over", 0),
            "houses_remaining": by_status.get("planned", 0) + by_status.get("started", 0),
        }))
    return result


def jsonable_summary(values: dict) -> dict:
    return {key: jsonable_number(value) for key, value in values.items()}


DOC_NAMES = {"NQ": "nghị quyết", "CT": "chỉ thị", "KL": "kết luận", "QĐ": "quyết định", "QĐi": "quy định",
             "KH": "kế hoạch", "HD": "hướng dẫn", "CTr": "chương trình", "ĐA": "đề án", "TT": "thông tri",
             "TB": "thông báo", "CV": "công văn", "BC": "báo cáo", "QC": "quy chế"}
# Issuer codes of a dân vận commission (Ban Dân vận / Ban Tuyên giáo và Dân vận of any level) and of a
# commune's Ban Xây dựng Đảng: documents with these issuers are the commission's own ("ban hành theo thẩm
# quyền"); every other Party document of the unit is the cấp ủy's.
COMMISSION_ISSUERS = ("BDV", "BTGDV", "BXDĐ")
INSPECTION_KIND = "kiem_tra_giam_sat"
TRAINING_KIND = "tap_huan"


def _own_units_q(unit, field: str = "unit"):
    """The unit and its dân vận commission (for the nation: Ban Dân vận TW / Ban Tuyên giáo và Dân vận TW), whose
    records are the issuing body's own — as one condition, so no query is spent finding the commission."""
    from django.db.models import Q

    return Q(**{f"{field}_id": unit.pk}) | Q(**{f"{field}__parent_id": unit.pk, f"{field}__kind": "commission"})


def petition_deadlines(*, unit, end, boundaries: str = "historical", resolved: dict | None = None,
                       status_day=None) -> dict:
    """Cases resolved on time / late in the period — the engine's figures (`resolved`: the category split of
    "petition.resolved", the one counting rule of the petitions app) — and cases still open past their resolution
    deadline on `status_day` (the period's end, or today while it runs): a state of the case register, counted
    as of that day whatever happened later (undecided, or decided after it). {} when there is nothing to say."""
    from django.db.models import Q

    from danvan.petitions.models import Case
    from danvan.petitions.selectors import subtree_cases

    on_time = int((resolved or {}).get("on_time") or 0)
    late = int((resolved or {}).get("late") or 0)
    on = status_day or end
    overdue_open = (subtree_cases(unit, boundaries).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=on),
                                                           accepted_on__lte=on, resolve_due__lt=on)
                    .exclude(status__in=(Case.Status.NOT_ACCEPTED, Case.Status.MERGED))
                    .exclude(ended_on__lte=on).order_by().count())
    found = {"resolved": on_time + late, "on_time": on_time, "late": late, "overdue_open": overdue_open}
    return found if any(found.values()) else {}


def register_facts(*, unit, start, end, status_day=None, boundaries: str = "historical",
                   resolved: dict | None = None) -> dict:
    """Counts from the registers for the text, each {} when its register is empty (no sentence):

    - documents: the cấp ủy's Party documents issued in the period (by type name); commission_documents:
      the commission's own (issuer BDV…/BTGDV…, by type name);
    - reviews: sơ kết / tổng kết held in the subtree; hotspots: flagged in the subtree, open in the period;
    - projects: đề án assigned to the unit (open during the period);
    - inspections / trainings: kiểm tra, giám sát and tập huấn held by the unit or its commission;
    - petitions: cases resolved on time / late (the engine's split, `resolved`), and open past their deadline on
      `status_day` (the period's end, or today while the period runs)."""
    from django.db.models import Count, Q, Sum

    from danvan.activities.models import Activity, Document, DocumentReview, Project
    from danvan.petitions.models import Hotspot

    own = _own_units_q(unit)
    documents: dict[str, int] = {}
    commission_documents: dict[str, int] = {}
    for code, issuer, n in (Document.objects.filter(own, family=Document.Family.PARTY,
                                                      issued_on__range=(start, end))
                            .values_list("doc_type", "issuer_code").annotate(n=Count("id")).order_by()):
        target = commission_documents if (issuer or "").upper().startswith(COMMISSION_ISSUERS) else documents
        name = DOC_NAMES.get(code, code)
        target[name] = target.get(name, 0) + n
    reviews = dict(DocumentReview.objects.filter(unit__path__startswith=unit.path, held_on__range=(start, end))
                   .values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    hotspots = Hotspot.objects.filter(unit__path__startswith=unit.path, flagged_on__lte=end).filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gte=start)).aggregate(
        total=Count("id"), mass=Count("id", filter=Q(kind=Hotspot.HotspotKind.DONG_NGUOI)),
        new=Count("id", filter=Q(flagged_on__gte=start)))
    projects = Project.objects.filter(unit=unit, assigned_on__lte=end).exclude(
        completed_on__lt=start).exclude(status=Project.Status.CANCELLED).aggregate(
        total=Count("id"),
        top=Count("id", filter=Q(assigned_by__icontains="Bộ Chính trị") | Q(assigned_by__icontains="Ban Bí thư")),
        done=Count("id", filter=Q(status=Project.Status.APPROVED, completed_on__lte=end)))
    held = (Activity.objects.filter(own, status=Activity.Status.HELD, start_date__range=(start, end),
                                    kind__code__in=(INSPECTION_KIND, TRAINING_KIND))
            .values_list("kind__code").annotate(n=Count("id"), people=Sum("attendees")).order_by())
    activities = {code: {"count": n, "attendees": people} for code, n, people in held}
    return {"documents": documents, "commission_documents": commission_documents,
            "reviews": reviews, "hotspots": hotspots if hotspots["total"] is not None else {},
            "projects": projects if projects["total"] else {},
            "inspections": activities.get(INSPECTION_KIND, {}), "trainings": activities.get(TRAINING_KIND, {}),
            "petitions": petition_deadlines(unit=unit, end=end, boundaries=boundaries, resolved=resolved,
                                            status_day=status_day)}


def multi_year_totals(*, unit, year: int, boundaries: str, codes=("dvk.registered", "dvk.recognised")) -> dict:
    """Totals over the term (5 years) or the decade (10 years) that the year closes, for the text; {} otherwise.
    Party congress terms end in years divisible by 5 (2020, 2025)."""
    if year % 5:
        return {}
    from danvan.reports.selectors import trend

    span = 10 if year % 10 == 0 else 5
    years = list(range(year - span + 1, year + 1))
    values = trend(unit=unit, years=years, indicators=list(codes), boundaries=boundaries)
    return {"first": years[0], "last": year, "span": span,
            "totals": {code: jsonable_number(sum(Decimal(v or 0) for v in per_year.values()))
                       for code, per_year in values.items()}}
