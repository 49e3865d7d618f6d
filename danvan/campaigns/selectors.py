"""Reads and counting functions for campaigns: per campaign × subtree × period, historical or current boundaries.

Every figure is the reporting engine's (issue 10): the facts the campaign's records give by the counting rules
of `facts.py`, read through `reports.selectors.record_figures` (records only: an aggregate entered for a unit and
period belongs to no campaign). So the progress pages, the exports, the API, the home panel, the dashboards and
the annual report's campaign lines show the numbers of the figures pages:
- money received = the campaign's `campaign.money.received` facts (receipts, reversals negative), split by form;
  money pledged = `campaign.money.pledged`. Never a stored total; the whole campaign's totals (the ledger page)
  are kept in the cache under the ledger's and the facts' newest ids (`campaign_money_totals`, issue 16).
- houses by status on a day = the stage each house of the list had reached by its dates (`campaign.houses.started`
  / `.completed` / `.handed_over` up to that day; the rest of the list is planned); houses achieved (against a
  houses target) = completed + handed over in the period.
- participants = `campaign.participants` (reported results); a campaign's custom metrics (its own measures, not
  catalogue indicators) = the sum of their reported results (`ProgressEntry`).
- "in a subtree" = the record's unit lies under the unit's path (historical boundaries: the units as they
  were), or, with boundaries="current", also historical units whose territory is now inside it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from danvan.accounts.permissions import campaign_visibility_q
from danvan.core.formatting import format_money_words, format_number
from danvan.orgunits.models import OrgUnit

from .models import Campaign, House, LedgerEntry, ProgressEntry, Target

HISTORICAL, CURRENT = "historical", "current"
ZERO = Decimal(0)


# -- visibility ---------------------------------------------------------------------------------------------


def visible_campaigns(user) -> QuerySet:
    """Campaigns a user may read: those organised inside their scope (the gatekeeper's rule), plus those their
    unit takes part in (a participating root or listed unit at or above their unit, or inside their scope)."""
    qs = Campaign.objects.select_related("unit", "participant_root")
    condition = campaign_visibility_q(user)
    if condition is None:
        return qs
    ids = Campaign.objects.filter(condition).values("pk")
    return qs.filter(pk__in=ids)


def campaign_or_404(user, pk) -> Campaign:
    campaign = visible_campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("Không tìm thấy cuộc vận động hoặc bạn không có quyền xem."))
    return campaign


# -- filters ------------------------------------------------------------------------------------------------


def within_q(unit: OrgUnit | None, boundaries: str = HISTORICAL, prefix: str = "unit__") -> Q:
    """Records whose unit lies in `unit`'s subtree. Written as `unit_id IN (subquery over the unit tree)` rather
    than a join on the path, so the database filters the small unit table first and then uses the record
    table's (campaign, unit) indexes."""
    if unit is None:
        return Q()
    units = OrgUnit.objects.filter(path__startswith=unit.path)
    if boundaries == CURRENT:
        units = OrgUnit.objects.filter(Q(path__startswith=unit.path) | Q(current_path__startswith=unit.path))
    return Q(**{f"{prefix}id__in": units.values("id")})


def _period_q(start: datetime.date | None, end: datetime.date | None, field_name: str = "day") -> Q:
    condition = Q()
    if start:
        condition &= Q(**{f"{field_name}__gte": start})
    if end:
        condition &= Q(**{f"{field_name}__lte": end})
    return condition


def ledger_entries(campaign: Campaign, *, within: OrgUnit | None = None, start=None, end=None,
                   boundaries: str = HISTORICAL) -> QuerySet:
    return LedgerEntry.objects.filter(campaign=campaign).filter(within_q(within, boundaries)).filter(
        _period_q(start, end))


def houses(campaign: Campaign, *, within: OrgUnit | None = None, boundaries: str = HISTORICAL) -> QuerySet:
    return House.objects.filter(campaign=campaign).filter(within_q(within, boundaries))


# -- counting functions: the engine's figures of the campaign's records ------------------------------------


def _facts_of(campaign: Campaign, *sources: str) -> dict:
    """{fact source: the ids of the campaign's records of that source} for `reports.selectors.record_figures`."""
    from . import facts

    found = {facts.LEDGER_SOURCE: LedgerEntry.objects.filter(campaign=campaign).values("pk"),
             facts.HOUSE_SOURCE: House.objects.filter(campaign=campaign).values("pk"),
             facts.PROGRESS_SOURCE: ProgressEntry.objects.filter(campaign=campaign, metric="participants").values("pk")}
    return {source: found[source] for source in sources}


def _engine(campaign: Campaign, sources: tuple[str, ...], codes: list[str], **kwargs) -> dict:
    from danvan.reports.selectors import record_figures

    return record_figures(facts_of=_facts_of(campaign, *sources), indicators=codes, **kwargs)


def money_totals(campaign: Campaign, *, within: OrgUnit | None = None, start: datetime.date | None = None,
                 end: datetime.date | None = None, boundaries: str = HISTORICAL) -> dict[str, Decimal]:
    """{"pledged", "received", "received_cash", "received_in_kind"}: the engine's sums of the campaign's ledger
    facts (`campaign.money.received` / `.pledged`, split by form) in the subtree and days asked."""
    from . import facts

    found = _engine(campaign, (facts.LEDGER_SOURCE,), [facts.MONEY_RECEIVED, facts.MONEY_PLEDGED], unit=within,
                    start=start, end=end, boundaries=boundaries)
    received = found["values"][facts.MONEY_RECEIVED]
    cash = found["split"][facts.MONEY_RECEIVED].get(LedgerEntry.Form.CASH, ZERO)
    return {"pledged": found["values"][facts.MONEY_PLEDGED], "received": received, "received_cash": cash,
            "received_in_kind": received - cash}


def ledger_version(campaign: Campaign) -> str | None:
    """What the whole campaign's money totals were computed from, read from two indexes (no scan): the ledger is
    append-only (a correction is a new reversing entry), so its newest id names the set of entries; the newest
    fact id moves whenever facts are re-derived (`replace_facts` inserts new rows)."""
    from django.db.models import Subquery

    from danvan.reports.models import RecordFact

    newest = LedgerEntry.objects.filter(campaign=campaign).order_by("-pk").values("pk")[:1]
    facts = RecordFact.objects.order_by("-pk").values("pk")[:1]
    found = Campaign.objects.filter(pk=campaign.pk).values_list(Subquery(newest), Subquery(facts)).first()
    if found is None:
        return None
    return f"{campaign.pk}.{found[0] or 0}.{found[1] or 0}"


def campaign_money_totals(campaign: Campaign) -> dict[str, Decimal]:
    """`money_totals` of the whole campaign, computed once per ledger version (issue 16: the ledger page summed
    every entry of the campaign on each request)."""
    from danvan.reports.cache import cached

    return cached("campaign-money", (campaign.pk,), ledger_version(campaign), lambda: money_totals(campaign))


def houses_by_status(campaign: Campaign, *, within: OrgUnit | None = None, as_of: datetime.date | None = None,
                     boundaries: str = HISTORICAL) -> dict[str, int]:
    """{status: count} for every status (zeros included): the stage each house of the list had reached on `as_of`
    (today by default) — the engine's house-stage facts (started / completed / handed over up to that day);
    houses of the list that had not started by then are planned."""
    from danvan.core.clock import today

    from . import facts

    day = as_of or today()
    found = _engine(campaign, (facts.HOUSE_SOURCE,), [facts.HOUSES_STARTED, facts.HOUSES_COMPLETED,
                                                      facts.HOUSES_HANDED_OVER],
                    unit=within, end=day, boundaries=boundaries, by="")["values"]
    listed = houses(campaign, within=within, boundaries=boundaries).count()
    started, completed, handed = (int(found[c]) for c in (facts.HOUSES_STARTED, facts.HOUSES_COMPLETED,
                                                          facts.HOUSES_HANDED_OVER))
    return {House.Status.PLANNED: listed - started, House.Status.STARTED: started - completed,
            House.Status.COMPLETED: completed - handed, House.Status.HANDED_OVER: handed}


def houses_completed(campaign: Campaign, *, within: OrgUnit | None = None, start: datetime.date | None = None,
                     end: datetime.date | None = None, boundaries: str = HISTORICAL) -> int:
    """Houses completed (and possibly handed over since) with a completion date in [start, end] (the engine's
    `campaign.houses.completed`)."""
    from . import facts

    found = _engine(campaign, (facts.HOUSE_SOURCE,), [facts.HOUSES_COMPLETED], unit=within, start=start, end=end,
                    boundaries=boundaries, by="")
    return int(found["values"][facts.HOUSES_COMPLETED])


def reported_total(campaign: Campaign, metric: str, *, within: OrgUnit | None = None, start=None, end=None,
                   boundaries: str = HISTORICAL) -> Decimal:
    """The reported results of a metric: participants from the engine (`campaign.participants`); a campaign's own
    measure (a custom metric, not a catalogue indicator) from its reported results."""
    from . import facts

    if metric == Target.Metric.PARTICIPANTS:
        found = _engine(campaign, (facts.PROGRESS_SOURCE,), [facts.PARTICIPANTS], unit=within, start=start, end=end,
                        boundaries=boundaries, by="")
        return found["values"][facts.PARTICIPANTS]
    qs = ProgressEntry.objects.filter(campaign=campaign, metric=metric).filter(within_q(within, boundaries)).filter(
        _period_q(start, end))
    return qs.aggregate(total=Sum("value"))["total"] or ZERO


def participants(campaign: Campaign, **kwargs) -> Decimal:
    return reported_total(campaign, "participants", **kwargs)


def achieved(campaign: Campaign, metric_key: str, *, within=None, start=None, end=None,
             boundaries: str = HISTORICAL) -> Decimal:
    """The achieved value of one metric (houses / money / participants / a custom code)."""
    if metric_key == Target.Metric.HOUSES:
        return Decimal(houses_completed(campaign, within=within, start=start, end=end, boundaries=boundaries))
    if metric_key == Target.Metric.MONEY:
        return money_totals(campaign, within=within, start=start, end=end, boundaries=boundaries)["received"]
    return reported_total(campaign, metric_key, within=within, start=start, end=end, boundaries=boundaries)


# -- progress -----------------------------------------------------------------------------------------------


def describe_gap(metric: str, gap: Decimal, measure: str) -> str:
    """"vượt kế hoạch 15 căn" / "còn 170 căn" / "đạt đúng kế hoạch"."""
    if gap == 0:
        return _("đạt đúng kế hoạch")
    amount = format_money_words(abs(gap)) if metric == Target.Metric.MONEY else (
        "{} {}".format(format_number(abs(gap)), measure))
    if gap > 0:
        return _("vượt kế hoạch %(amount)s") % {"amount": amount}
    return _("còn %(amount)s so với kế hoạch") % {"amount": amount}


@dataclass
class MetricProgress:
    metric: str
    key: str
    label: str
    measure: str
    target: Decimal | None
    achieved: Decimal

    @property
    def ratio(self) -> Decimal | None:
        if not self.target:
            return None
        return self.achieved / self.target

    @property
    def percent_bar(self) -> int:
        ratio = self.ratio
        return 0 if ratio is None else max(0, min(100, int(ratio * 100)))

    @property
    def gap(self) -> Decimal | None:
        return None if self.target is None else self.achieved - self.target

    @property
    def gap_text(self) -> str:
        return "" if self.gap is None else describe_gap(self.metric, self.gap, self.measure)

    @property
    def is_money(self) -> bool:
        return self.metric == Target.Metric.MONEY


@dataclass
class RankRow:
    unit: OrgUnit
    houses_target: Decimal | None = None
    houses_done: int = 0
    money_target: Decimal | None = None
    received: Decimal = ZERO
    pledged: Decimal = ZERO
    ratio: Decimal | None = None
    rank: int = 0
    extra: dict = field(default_factory=dict)


def ranking_units(campaign: Campaign, within: OrgUnit | None = None, boundaries: str = HISTORICAL) -> list[OrgUnit]:
    """The units ranked on a progress page: the children of `within` taking part in the campaign, or else the
    listed participating units, or else the children of the participating root — the units that existed during
    the campaign (historical boundaries) or that exist today (current boundaries; records of former units then
    count for their successors)."""
    def children(parent):
        qs = OrgUnit.objects.filter(parent=parent)
        if boundaries == CURRENT:
            return qs.filter(valid_to__isnull=True)
        return qs.valid_during(campaign.start_date, campaign.end_date or datetime.date.max)

    if within is not None:
        return [u for u in children(within).order_by("name") if campaign.includes_unit(u)]
    listed = list(campaign.participant_units.order_by("path"))
    if listed:
        return listed
    return list(children(campaign.participant_root or campaign.unit).order_by("name"))


def ranking(campaign: Campaign, *, within: OrgUnit | None = None, start=None, end=None,
            boundaries: str = HISTORICAL) -> list[RankRow]:
    """Per ranked unit: houses completed and money received in its subtree, against its own targets; sorted by
    the share of the houses target (else the money target) achieved, then by absolute results."""
    from . import facts

    units = ranking_units(campaign, within, boundaries)
    rows = {u.pk: RankRow(unit=u) for u in units}
    # The engine's figures of the campaign's records, spread over the ranked units (each record under the
    # ranked unit whose subtree holds its unit).
    found = _engine(campaign, (facts.LEDGER_SOURCE, facts.HOUSE_SOURCE),
                    [facts.MONEY_RECEIVED, facts.MONEY_PLEDGED, facts.HOUSES_COMPLETED], unit=within, start=start,
                    end=end, boundaries=boundaries, by="", roots=units)
    for pk, values in found["roots"].items():
        row = rows[pk]
        row.received = values[facts.MONEY_RECEIVED]
        row.pledged = values[facts.MONEY_PLEDGED]
        row.houses_done = int(values[facts.HOUSES_COMPLETED])
    for target in campaign.targets.filter(unit_id__in=rows.keys(),
                                          metric__in=[Target.Metric.HOUSES, Target.Metric.MONEY]):
        row = rows[target.unit_id]
        if target.metric == Target.Metric.HOUSES:
            row.houses_target = target.value
        else:
            row.money_target = target.value
    result = list(rows.values())
    for row in result:
        if row.houses_target:
            row.ratio = Decimal(row.houses_done) / row.houses_target
        elif row.money_target:
            row.ratio = row.received / row.money_target
    # Units with a target first, by share achieved; then by money received and houses completed, so a unit
    # that received nothing never ranks above one that did.
    result.sort(key=lambda r: (r.ratio is None, -(r.ratio or ZERO), -r.received, -r.houses_done, r.unit.name))
    for index, row in enumerate(result, start=1):
        row.rank = index
    return result


def metric_progress(campaign: Campaign, *, within: OrgUnit | None = None, start=None, end=None,
                    boundaries: str = HISTORICAL) -> list[MetricProgress]:
    """Target vs achieved for every metric with a target (and always houses and money when they have records).

    The target of the whole campaign is used on the campaign page; on a subtree page it is the sum of the
    targets given to units inside that subtree (the unit's own breakdown)."""
    targets = list(campaign.targets.select_related("unit"))
    keys: dict[str, Target] = {}
    for target in targets:
        keys.setdefault(target.metric_key, target)
    result = []
    for key, sample in keys.items():
        if within is None:
            total = next((t.value for t in targets if t.metric_key == key and t.unit_id is None), None)
            if total is None:
                total = sum((t.value for t in targets if t.metric_key == key), ZERO) or None
        else:
            inside = [t.value for t in targets if t.metric_key == key and t.unit is not None
                      and (t.unit.path.startswith(within.path)
                           or (boundaries == CURRENT and (t.unit.current_path or "").startswith(within.path)))]
            total = sum(inside, ZERO) if inside else None
        value = achieved(campaign, key, within=within, start=start, end=end, boundaries=boundaries)
        result.append(MetricProgress(sample.metric, key, sample.metric_label, sample.measure, total, value))
    order = {"houses": 0, "money": 1, "participants": 2}
    result.sort(key=lambda m: (order.get(m.metric, 3), m.key))
    return result


def progress(campaign: Campaign, *, within: OrgUnit | None = None, start=None, end=None,
             boundaries: str = HISTORICAL) -> dict:
    """Everything a progress page shows, for the campaign or one subtree and an optional period."""
    money = money_totals(campaign, within=within, start=start, end=end, boundaries=boundaries)
    by_status = houses_by_status(campaign, within=within, as_of=end, boundaries=boundaries)
    total_houses = sum(by_status.values())
    labels = dict(House.Status.choices)
    return {
        "metrics": metric_progress(campaign, within=within, start=start, end=end, boundaries=boundaries),
        "money": money,
        "money_words": format_money_words(money["received"]),
        "pledged_words": format_money_words(money["pledged"]),
        "houses_by_status": [(status, labels[status], by_status[status]) for status in House.Status.values],
        "houses_total": total_houses,
        "houses_done": by_status[House.Status.COMPLETED] + by_status[House.Status.HANDED_OVER],
        "houses_remaining": by_status[House.Status.PLANNED] + by_status[House.Status.STARTED],
        "ranking": ranking(campaign, within=within, start=start, end=end, boundaries=boundaries),
    }


# --- work queue (issue 15) ----------------------------------------------------------------------

STALLED_AFTER_DAYS = 180


def stalled_houses(user, *, day: datetime.date | None = None) -> list[dict]:
    """Houses in the user's read scope started more than STALLED_AFTER_DAYS ago and not completed,
    per campaign: [{"campaign_id", "campaign__name", "n"}], largest first (one query)."""
    from django.utils import timezone

    from danvan.accounts.permissions import scope

    day = day or timezone.localdate()
    cutoff = day - datetime.timedelta(days=STALLED_AFTER_DAYS)
    return list(scope(House.objects.filter(status=House.Status.STARTED, started_on__lt=cutoff), user)
                .order_by().values("campaign_id", "campaign__name").annotate(n=Count("id")).order_by("-n")[:5])
