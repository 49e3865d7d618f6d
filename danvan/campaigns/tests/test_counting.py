"""Counting functions per campaign × subtree × period, with hand-computed numbers."""

import datetime
from decimal import Decimal

from danvan.campaigns import selectors, services
from danvan.campaigns.models import Campaign
from danvan.orgunits.models import OrgUnit

D = datetime.date


def test_money_houses_participants_by_subtree_period_and_boundaries(unit, make_user):
    """A national campaign; receipts in Hậu Giang (2024, a province merged into Cần Thơ in 2025) and Cần Thơ."""
    admin = make_user(superuser=True)
    campaign = services.campaign_create(actor=admin, unit=unit("VN"), name="Cả nước chung tay vì người nghèo",
                                        start_date=D(2024, 1, 1), participant_root=unit("VN"))
    hau_giang, can_tho, ha_noi = unit("VN-93"), unit("VN-92"), unit("VN-01")
    for u, amount, day in [(hau_giang, "100", D(2024, 3, 1)), (can_tho, "200", D(2025, 8, 1)),
                           (ha_noi, "400", D(2025, 8, 2)), (can_tho, "1000", D(2025, 9, 1))]:
        services.ledger_record(actor=admin, campaign=campaign, unit=u, kind="receipt", amount=amount, day=day,
                               donor_name="Nhà hảo tâm")
    services.ledger_record(actor=admin, campaign=campaign, unit=can_tho, kind="pledge", amount="5000",
                           day=D(2025, 8, 1), donor_name="Doanh nghiệp")
    assert selectors.money_totals(campaign)["received"] == Decimal(1700)
    assert selectors.money_totals(campaign)["pledged"] == Decimal(5000)
    # Historical boundaries: Cần Thơ's own subtree only; current boundaries: Hậu Giang is now inside Cần Thơ.
    assert selectors.money_totals(campaign, within=can_tho)["received"] == Decimal(1200)
    assert selectors.money_totals(campaign, within=can_tho, boundaries="current")["received"] == Decimal(1300)
    # Period.
    assert selectors.money_totals(campaign, start=D(2025, 8, 1), end=D(2025, 8, 31))["received"] == Decimal(600)
    # Participants reported by units.
    services.progress_record(actor=admin, campaign=campaign, unit=can_tho, metric="participants", value="120",
                             day=D(2025, 8, 1))
    services.progress_record(actor=admin, campaign=campaign, unit=ha_noi, metric="participants", value="80",
                             day=D(2025, 8, 1))
    services.progress_record(actor=admin, campaign=campaign, unit=can_tho, metric="participants", value="-20",
                             day=D(2025, 8, 2), note="Báo cáo trùng")
    assert selectors.participants(campaign) == Decimal(180)
    assert selectors.participants(campaign, within=can_tho) == Decimal(100)
    # Ranking of provinces (children of the nation that existed during the campaign).
    services.target_set(actor=admin, campaign=campaign, metric="money", value="1000", unit=can_tho)
    services.target_set(actor=admin, campaign=campaign, metric="money", value="200", unit=ha_noi)
    rows = {r.unit.key: r for r in selectors.ranking(campaign)}
    assert rows["VN-01"].ratio == Decimal(2) and rows["VN-01"].rank == 1
    assert rows["VN-92"].received == Decimal(1200) and rows["VN-92"].ratio == Decimal("1.2")
    assert rows["VN-93"].received == Decimal(100)
    current = {r.unit.key: r for r in selectors.ranking(campaign, boundaries="current")}
    assert current["VN-92"].received == Decimal(1300)


def test_over_achievement_text_and_subtree_targets(unit, make_user, commune_cantho):
    officer = make_user("VN-92", "officer")
    campaign = services.campaign_create(actor=officer, unit=unit("VN-92"), name="Tặng nhà tình nghĩa",
                                        kind=Campaign.Kind.MOVEMENT, start_date=D(2025, 7, 1),
                                        participant_root=unit("VN-92"))
    services.target_set(actor=officer, campaign=campaign, metric="houses", value=3)
    services.target_set(actor=officer, campaign=campaign, metric="money", value="100000000")
    services.target_set(actor=officer, campaign=campaign, metric="houses", value=2, unit=commune_cantho)
    services.target_set(actor=officer, campaign=campaign, metric="custom", code="suat_qua", label="Suất quà",
                        unit_of_measure="suất", value=50)
    for i in range(5):
        services.house_create(actor=officer, campaign=campaign, unit=commune_cantho, beneficiary_name=f"Hộ {i}",
                              unit_cost="50000000", status="completed", started_on=D(2025, 7, 2),
                              completed_on=D(2025, 8, 1), on_behalf=True)
    services.ledger_record(actor=officer, campaign=campaign, unit=unit("VN-92"), kind="receipt",
                           amount="90000000", day=D(2025, 8, 1), donor_name="A")
    services.progress_record(actor=officer, campaign=campaign, unit=unit("VN-92"), metric="suat_qua", value="65",
                             day=D(2025, 8, 1))
    metrics = {m.key: m for m in selectors.metric_progress(campaign)}
    assert metrics["houses"].gap_text == "vượt kế hoạch 2 căn"
    assert metrics["money"].gap_text == "còn 10 triệu đồng so với kế hoạch"
    assert metrics["suat_qua"].gap_text == "vượt kế hoạch 15 suất"
    assert metrics["houses"].ratio == Decimal(5) / Decimal(3)
    sub = {m.key: m for m in selectors.metric_progress(campaign, within=commune_cantho)}
    assert (sub["houses"].target, sub["houses"].achieved) == (Decimal(2), Decimal(5))
    assert sub["money"].target is None and sub["money"].achieved == 0
    assert selectors.houses_completed(campaign, start=D(2025, 8, 1), end=D(2025, 8, 1)) == 5
    assert selectors.houses_completed(campaign, start=D(2025, 8, 2)) == 0
    ranking = selectors.ranking(campaign)
    assert ranking[0].unit == commune_cantho and ranking[0].houses_done == 5
    assert len(ranking) == OrgUnit.objects.filter(parent=unit("VN-92")).valid_during(D(2025, 7, 1),
                                                                                     datetime.date.max).count()


def test_visibility_organiser_and_participants(unit, make_user, commune_cantho):
    officer = make_user("VN-11", "officer")
    campaign = services.campaign_create(actor=officer, unit=unit("VN-11"), name="Điện Biên",
                                        start_date=D(2023, 1, 1), participant_root=unit("VN-11"))
    listed = services.campaign_create(actor=make_user("TW-MTTQ", "officer"), unit=unit("TW-MTTQ"),
                                      name="Vì người nghèo", start_date=D(2023, 1, 1),
                                      participant_units=[unit("VN-92")])
    commune_officer = make_user(commune_cantho.key, "officer")
    hanoi = make_user("VN-01", "viewer")
    dien_bien_commune = unit("VN-11-03127")
    db_commune_user = make_user(dien_bien_commune.key, "viewer")
    assert set(selectors.visible_campaigns(commune_officer)) == {listed}
    assert set(selectors.visible_campaigns(hanoi)) == set()
    assert set(selectors.visible_campaigns(db_commune_user)) == {campaign}
    assert set(selectors.visible_campaigns(make_user("VN", "viewer"))) == {campaign, listed}


def test_every_campaign_surface_is_the_engine_s_number(unit, make_user, client_for, commune_cantho):
    """Issue 10: the progress page, its CSV export, the API, the home panel's metrics, the dashboards and the
    figures API read the same engine facts; the campaigns of a unit add up to the unit's figure; an aggregate
    the unit enters counts in its figure but belongs to no campaign."""
    import csv
    import io

    from danvan.reports import selectors as engine
    from danvan.reports.services import datavalue_set

    officer = make_user("VN-92", "officer")
    first = services.campaign_create(actor=officer, unit=unit("VN-92"), name="Mái ấm Cần Thơ",
                                     start_date=D(2026, 1, 1), participant_root=unit("VN-92"))
    second = services.campaign_create(actor=officer, unit=unit("VN-92"), name="Vì người nghèo Cần Thơ",
                                      start_date=D(2026, 1, 1), participant_root=unit("VN-92"))
    for campaign, amount, day in [(first, "30000000", D(2026, 2, 1)), (first, "20000000", D(2026, 8, 1)),
                                  (second, "70000000", D(2026, 3, 1))]:
        services.ledger_record(actor=officer, campaign=campaign, unit=commune_cantho, kind="receipt", amount=amount,
                               day=day, donor_name="Nhà hảo tâm", on_behalf=True)
    for index, (status, started, completed) in enumerate([("completed", D(2026, 2, 1), D(2026, 5, 1)),
                                                         ("started", D(2026, 4, 1), None),
                                                         ("planned", None, None)]):
        services.house_create(actor=officer, campaign=first, unit=commune_cantho, beneficiary_name=f"Hộ {index}",
                              unit_cost="60000000", status=status, started_on=started, completed_on=completed,
                              on_behalf=True)
    services.target_set(actor=officer, campaign=first, metric="houses", value=3)
    services.target_set(actor=officer, campaign=first, metric="money", value="100000000")
    client = client_for(officer)

    # One campaign: the engine's facts of its records, on every surface of its progress.
    progress = selectors.progress(first, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert progress["money"]["received"] == Decimal(50_000_000) == engine.record_figures(
        facts_of={"campaigns.ledger": first.ledger_entries.values("pk")}, indicators=["campaign.money.received"],
        start=D(2026, 1, 1), end=D(2026, 12, 31))["values"]["campaign.money.received"]
    assert {code: n for code, _label, n in progress["houses_by_status"]} == {
        "planned": 1, "started": 1, "completed": 1, "handed_over": 0}
    page = client.get(f"/van-dong/{first.pk}/", {"ky": "năm 2026"})
    assert page.context["progress"]["money"]["received"] == Decimal(50_000_000)
    api = client.get(f"/api/v1/campaigns/campaigns/{first.pk}/progress/", {"period": "năm 2026"}).json()
    assert Decimal(api["money"]["received"]) == Decimal(50_000_000) and api["houses_done"] == 1
    export = client.get(f"/van-dong/{first.pk}/tien-do.csv", {"ky": "năm 2026"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert sum(int(r[6]) for r in rows[1:]) == 50_000_000  # "Đã nhận (đồng)" over the ranked wards
    quarter = client.get(f"/api/v1/campaigns/campaigns/{first.pk}/progress/", {"period": "Quý 3/2026"}).json()
    assert Decimal(quarter["money"]["received"]) == Decimal(20_000_000)
    metrics = {m.key: m.achieved for m in selectors.metric_progress(first)}
    assert metrics == {"houses": 1, "money": Decimal(50_000_000)}  # what the home panel shows

    # The unit: its campaigns add up to its figure, on the figures API and the dashboards.
    def unit_money(period: str) -> int:
        return client.get("/api/v1/reports/figures/", {"unit": commune_cantho.key, "period": period,
                                                       "indicators": "campaign.money.received"}).json()[
            "figures"]["campaign.money.received"]

    total = sum(selectors.money_totals(c, within=commune_cantho, start=D(2026, 1, 1),
                                       end=D(2026, 12, 31))["received"] for c in (first, second))
    assert total == unit_money("2026") == 120_000_000
    chart = client.get("/api/v1/dashboards/VN-92/xep-hang/", {"ky": "2026", "dia_gioi": "hien-nay",
                                                              "chi_tieu": "campaign.money.received"}).json()
    assert {r[0]: r[1] for r in chart["rows"]}[commune_cantho.name] == 120_000_000
    # An aggregate the ward enters for Q4 counts for the ward, and for no campaign.
    datavalue_set(actor=officer, unit=commune_cantho, period="2026Q4", indicator="campaign.money.received",
                  value="5000000", on_behalf=True)
    assert unit_money("2026") == 125_000_000
    assert selectors.money_totals(first)["received"] + selectors.money_totals(second)["received"] == 120_000_000


def test_whole_campaign_totals_are_cached_per_ledger_version(cantho_campaign, unit, monkeypatch,
                                                             django_assert_num_queries):
    """The ledger page's totals (issue 16): computed once while the ledger is unchanged; a new entry or a
    reversal (the ledger is append-only) shows at once."""
    from django.core.cache import cache

    monkeypatch.setattr("danvan.reports.cache.in_transaction", lambda: False)  # the test runs inside one
    cache.clear()
    actor, campaign = cantho_campaign.organiser, cantho_campaign
    entry = services.ledger_record(actor=actor, campaign=campaign, unit=unit("VN-92"), kind="receipt",
                                   amount="300", day=D(2025, 8, 1), donor_name="Nhà hảo tâm")
    assert selectors.campaign_money_totals(campaign)["received"] == Decimal(300)
    with django_assert_num_queries(1):  # the version only
        assert selectors.campaign_money_totals(campaign)["received"] == Decimal(300)
    services.ledger_record(actor=actor, campaign=campaign, unit=unit("VN-92"), kind="receipt", amount="200",
                           donor_name="Nhà hảo tâm", day=D(2025, 8, 2))
    assert selectors.campaign_money_totals(campaign)["received"] == Decimal(500)
    services.ledger_reverse(actor=actor, entry=entry, reason="Ghi nhầm", day=D(2025, 8, 3))
    assert selectors.campaign_money_totals(campaign) == selectors.money_totals(campaign)
    assert selectors.campaign_money_totals(campaign)["received"] == Decimal(200)
