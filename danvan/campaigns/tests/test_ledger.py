"""The append-only ledger: validation of every bad input, reversals, and totals that cannot drift."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from danvan.campaigns import selectors, services
from danvan.campaigns.models import LedgerEntry
from danvan.core.models import AuditEvent
from danvan.reports.models import RecordFact

DAY = datetime.date(2025, 8, 1)


def record(campaign, actor, unit, amount, **kwargs):
    defaults = {"kind": LedgerEntry.Kind.RECEIPT, "day": DAY, "donor_name": "Công ty A"}
    defaults.update(kwargs)
    return services.ledger_record(actor=actor, campaign=campaign, unit=unit, amount=amount, **defaults)


def test_receipt_is_recorded_audited_and_counted(cantho_campaign, unit):
    entry = record(cantho_campaign, cantho_campaign.organiser, unit("VN-92"), "50000000")
    assert entry.amount == Decimal(50_000_000)
    assert AuditEvent.objects.filter(action="campaigns.ledger.recorded", target_id=str(entry.pk)).count() == 1
    fact = RecordFact.objects.get(source="campaigns.ledger", source_id=entry.pk)
    assert (fact.indicator, fact.unit_id, fact.day, fact.value) == ("campaign.money.received", entry.unit_id, DAY,
                                                                    Decimal(50_000_000))
    assert selectors.money_totals(cantho_campaign)["received"] == Decimal(50_000_000)


@pytest.mark.parametrize(("amount", "fragment"), [
    ("-5", "phải lớn hơn 0"),
    ("0", "phải lớn hơn 0"),
    ("1000.5", "không có phần thập phân"),
    (1000.0, "không dùng số thực"),
    ("abc", "không phải là số"),
])
def test_bad_amounts_are_refused_naming_the_field(cantho_campaign, unit, amount, fragment):
    with pytest.raises(ValidationError) as caught:
        record(cantho_campaign, cantho_campaign.organiser, unit("VN-92"), amount)
    assert "amount" in caught.value.message_dict
    message = caught.value.message_dict["amount"][0]
    assert fragment in message and "Số tiền" in message
    assert LedgerEntry.objects.filter(campaign=cantho_campaign).count() == 0
    assert not RecordFact.objects.filter(source="campaigns.ledger").exists()


def test_receipt_for_unit_outside_campaign_is_refused(cantho_campaign, unit, make_user):
    superuser = make_user(superuser=True)
    with pytest.raises(ValidationError) as caught:
        record(cantho_campaign, superuser, unit("VN-01"), "1000000")
    assert "không tham gia" in caught.value.message_dict["unit"][0]
    assert LedgerEntry.objects.count() == 0


def test_anonymous_donor_and_in_kind_rules(cantho_campaign, unit):
    actor = cantho_campaign.organiser
    entry = record(cantho_campaign, actor, unit("VN-92"), "2000000", donor_kind="anonymous", donor_name="Ai đó")
    assert entry.donor_name == "" and entry.donor_display == "Ẩn danh"
    with pytest.raises(ValidationError) as caught:
        record(cantho_campaign, actor, unit("VN-92"), "3000000", form="in_kind")
    assert "in_kind_description" in caught.value.message_dict
    gift = record(cantho_campaign, actor, unit("VN-92"), "3000000", form="in_kind",
                  in_kind_description="100 bao xi măng")
    assert selectors.money_totals(cantho_campaign)["received_in_kind"] == gift.amount


def test_future_day_and_duplicate_reference_refused(cantho_campaign, unit):
    actor = cantho_campaign.organiser
    with pytest.raises(ValidationError) as caught:
        record(cantho_campaign, actor, unit("VN-92"), "1000", day=datetime.date.today() + datetime.timedelta(days=3))
    assert "tương lai" in caught.value.message_dict["day"][0]
    record(cantho_campaign, actor, unit("VN-92"), "1000", external_ref="BL-1")
    with pytest.raises(ValidationError) as caught:
        record(cantho_campaign, actor, unit("VN-92"), "1000", external_ref="BL-1")
    assert "external_ref" in caught.value.message_dict


def test_update_and_delete_are_impossible(cantho_campaign, unit):
    entry = record(cantho_campaign, cantho_campaign.organiser, unit("VN-92"), "1000000")
    entry.amount = Decimal(5)
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(ValidationError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal(1_000_000)


def test_reversal_negates_and_cannot_repeat(cantho_campaign, unit):
    actor = cantho_campaign.organiser
    entry = record(cantho_campaign, actor, unit("VN-92"), "7000000")
    with pytest.raises(ValidationError) as caught:
        services.ledger_reverse(actor=actor, entry=entry, reason="")
    assert "reason" in caught.value.message_dict
    reversal = services.ledger_reverse(actor=actor, entry=entry, reason="Nhập nhầm số tiền", day=DAY)
    assert reversal.amount == Decimal(-7_000_000) and reversal.reverses_id == entry.pk
    assert selectors.money_totals(cantho_campaign)["received"] == 0
    with pytest.raises(ValidationError):
        services.ledger_reverse(actor=actor, entry=entry, reason="lần hai", day=DAY)
    with pytest.raises(ValidationError):
        services.ledger_reverse(actor=actor, entry=reversal, reason="đảo của đảo", day=DAY)
    fact = RecordFact.objects.get(source="campaigns.ledger", source_id=reversal.pk)
    assert fact.value == Decimal(-7_000_000)
    assert AuditEvent.objects.filter(action="campaigns.ledger.reversed", target_id=str(reversal.pk)).exists()
    # The corrected amount is a new entry.
    record(cantho_campaign, actor, unit("VN-92"), "700000")
    assert selectors.money_totals(cantho_campaign)["received"] == Decimal(700_000)


def test_database_refuses_a_positive_reversal(cantho_campaign, unit):
    from django.db import IntegrityError, transaction

    entry = record(cantho_campaign, cantho_campaign.organiser, unit("VN-92"), "1000")
    bad = LedgerEntry(campaign=cantho_campaign, unit=entry.unit, kind=entry.kind, amount=Decimal(1000), day=DAY,
                      reverses=entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_totals_never_drift_under_random_entries_and_reversals(cantho_campaign, unit, commune_cantho):
    """Random pledges, receipts and reversals; after each step the totals equal an independent recount."""
    rng = random.Random(20251121)
    actor = cantho_campaign.organiser
    units = [unit("VN-92"), commune_cantho]
    expected = {"pledge": Decimal(0), "receipt": Decimal(0)}
    entries = []
    for step in range(60):
        if entries and rng.random() < 0.3:
            target = rng.choice(entries)
            try:
                services.ledger_reverse(actor=actor, entry=target, reason="điều chỉnh", day=DAY, on_behalf=True)
            except ValidationError:
                pass  # already reversed: refused, nothing written
            else:
                expected[target.kind] -= target.amount
        else:
            kind = rng.choice(["pledge", "receipt"])
            amount = Decimal(rng.randrange(1, 10**12))
            entry = record(cantho_campaign, actor, rng.choice(units), str(amount), kind=kind, on_behalf=True)
            entries.append(entry)
            expected[kind] += amount
        totals = selectors.money_totals(cantho_campaign)
        assert totals["pledged"] == expected["pledge"], step
        assert totals["received"] == expected["receipt"], step
    # The facts the reporting engine reads sum to the same total.
    from django.db.models import Sum

    facts = RecordFact.objects.filter(source="campaigns.ledger", indicator="campaign.money.received")
    assert facts.aggregate(s=Sum("value"))["s"] == expected["receipt"]
    # An attempted tampering leaves everything as it was.
    with pytest.raises(ValidationError):
        LedgerEntry.objects.filter(campaign=cantho_campaign).update(amount=1)
    assert selectors.money_totals(cantho_campaign)["received"] == expected["receipt"]
    # Raw SQL sum agrees with the selector (no cached total anywhere).
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(amount) FROM campaigns_ledgerentry WHERE campaign_id = %s AND kind = %s",
                       [cantho_campaign.pk, "receipt"])
        assert Decimal(cursor.fetchone()[0]) == expected["receipt"]


def test_permission_commune_officer_other_province_and_viewer(cantho_campaign, unit, make_user, commune_cantho):
    hanoi = make_user("VN-01", "officer")
    viewer = make_user("VN-92", "viewer")
    for actor in (hanoi, viewer):
        with pytest.raises(PermissionDenied):
            record(cantho_campaign, actor, unit("VN-92"), "1000")
    commune_officer = make_user(commune_cantho.key, "officer")
    record(cantho_campaign, commune_officer, commune_cantho, "1000")
    # The province officer writes for a commune only on behalf, and the audit says so.
    with pytest.raises(PermissionDenied):
        record(cantho_campaign, cantho_campaign.organiser, commune_cantho, "1000")
    entry = record(cantho_campaign, cantho_campaign.organiser, commune_cantho, "1000", on_behalf=True)
    assert AuditEvent.objects.get(action="campaigns.ledger.recorded", target_id=str(entry.pk)).on_behalf
    assert LedgerEntry.objects.count() == 2


def test_admin_is_read_only(cantho_campaign, unit, make_user, client_for):
    entry = record(cantho_campaign, cantho_campaign.organiser, unit("VN-92"), "1000000")
    admin_user = make_user(superuser=True)
    admin_user.is_staff = True
    admin_user.save()
    client = client_for(admin_user)
    assert client.get("/quan-tri/campaigns/ledgerentry/").status_code == 200
    assert client.get(f"/quan-tri/campaigns/ledgerentry/{entry.pk}/change/").status_code == 200  # view only
    assert client.post(f"/quan-tri/campaigns/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/quan-tri/campaigns/ledgerentry/{entry.pk}/change/", {"amount": "1"}).status_code == 403
    assert client.get("/quan-tri/campaigns/ledgerentry/add/").status_code == 403
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal(1_000_000)
