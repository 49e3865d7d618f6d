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
