"""Generate a national campaign: 5.000 houses and 200.000 ledger receipts (plus pledges and reversals).

    DATABASE_URL=sqlite:///var/bench_campaigns.sqlite3 python bench/gen_campaigns.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_campaigns_bench python bench/gen_campaigns.py

Migrates the database and loads the unit tree when needed. Rows are written with bulk_create (the services'
per-row path is measured separately in bench_campaigns.py through the XLSX importer); the facts are written
with the same counting functions (`facts.ledger_entry_facts`, `facts.house_facts`) and `replace_facts_bulk`.
Deterministic (seeded); re-running replaces the generated campaign's data only if `--force` is given.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

BENCH_NAME = "Bench: Cả nước chung tay vì người nghèo (5.000 nhà, 200.000 khoản thu)"
HOUSES = 5_000
RECEIPTS = 200_000


def setup_database() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from danvan.orgunits.models import OrgUnit

    if not OrgUnit.objects.filter(key="VN-01-00004").exists():
        call_command("load_units", verbosity=0)


def generate(force: bool = False, houses: int = HOUSES, receipts: int = RECEIPTS) -> int:
    from django.db import connection, transaction

    from danvan.accounts.models import User
    from danvan.campaigns import facts, services
    from danvan.campaigns.models import Campaign, House, LedgerEntry
    from danvan.orgunits.models import OrgUnit
    from danvan.reports.facts import replace_facts_bulk
    from danvan.reports.models import RecordFact

    existing = Campaign.objects.filter(name=BENCH_NAME).first()
    if existing and not force:
        print(f"campaign {existing.pk} already generated")
        analyze()
        return existing.pk
    actor, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True, "full_name": "Bench"})
    if not actor.is_superuser:
        actor.is_superuser = True
        actor.save()
    if existing:
        with transaction.atomic(), connection.cursor() as cursor:
            # Bench data only: the ledger forbids deletes through the ORM, so the generator clears its own rows.
            ledger_ids = list(LedgerEntry.objects.filter(campaign=existing).values_list("pk", flat=True))
            house_ids = list(House.objects.filter(campaign=existing).values_list("pk", flat=True))
            for source, ids in [(facts.LEDGER_SOURCE, ledger_ids), (facts.HOUSE_SOURCE, house_ids)]:
                for i in range(0, len(ids), 5000):
                    RecordFact.objects.filter(source=source, source_id__in=ids[i:i + 5000]).delete()
            cursor.execute("UPDATE campaigns_ledgerentry SET reverses_id = NULL WHERE campaign_id = %s", [existing.pk])
            for table in ("campaigns_ledgerentry", "campaigns_house", "campaigns_target",
                          "campaigns_campaign_participant_units"):
                cursor.execute(f"DELETE FROM {table} WHERE campaign_id = %s", [existing.pk])  # noqa: S608
            cursor.execute("DELETE FROM campaigns_campaign WHERE id = %s", [existing.pk])
    rng = random.Random(6)
    nation = OrgUnit.objects.get(key="VN")
    start, end = datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)
    campaign = services.campaign_create(actor=actor, unit=nation, name=BENCH_NAME, start_date=start, end_date=end,
                                        participant_root=nation)
    services.target_set(actor=actor, campaign=campaign, metric="houses", value=houses)
    services.target_set(actor=actor, campaign=campaign, metric="money", value=Decimal(houses) * 50_000_000)
    provinces = list(OrgUnit.objects.filter(parent=nation, kind="province").valid_on(datetime.date(2024, 1, 1)))
    for province in provinces:
        services.target_set(actor=actor, campaign=campaign, metric="houses", value=max(1, houses // len(provinces)),
                            unit=province)
    communes = list(OrgUnit.objects.filter(kind="commune").valid_on(datetime.date(2024, 1, 1)).only("id", "path"))
    receivers = list(OrgUnit.objects.filter(kind__in=["province", "district", "commune"])
                     .valid_on(datetime.date(2024, 1, 1)).only("id"))
    t0 = time.perf_counter()
    house_rows = []
    statuses = ["handed_over"] * 80 + ["completed"] * 10 + ["started"] * 7 + ["planned"] * 3
    for i in range(houses):
        commune = communes[i % len(communes)]
        status = rng.choice(statuses)
        started = start + datetime.timedelta(days=rng.randrange(0, 400))
        completed = started + datetime.timedelta(days=rng.randrange(30, 120)) if status in ("completed",
                                                                                            "handed_over") else None
        handed = completed + datetime.timedelta(days=rng.randrange(1, 20)) if status == "handed_over" else None
        name = f"Hộ nghèo bench {i}"
        house_rows.append(House(
            campaign=campaign, unit_id=commune.id, beneficiary_name=name, beneficiary_category="ho_ngheo",
            beneficiary_key=services.beneficiary_key(commune.id, name, ""), kind="dai_doan_ket",
            unit_cost=Decimal(50_000_000), status=status, started_on=started if status != "planned" else None,
            completed_on=completed, handed_over_on=handed, external_ref=f"BENCH-H-{i:05d}", created_by=actor))
    with transaction.atomic():
        House.objects.bulk_create(house_rows, batch_size=2000)
        stored = list(House.objects.filter(campaign=campaign))
        replace_facts_bulk(source=facts.HOUSE_SOURCE, facts_by_id={h.pk: facts.house_facts(h) for h in stored})
    print(f"houses: {houses} in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    days = (end - start).days
    batch: list[LedgerEntry] = []
    written = 0

    def flush():
        nonlocal batch, written
        with transaction.atomic():
            LedgerEntry.objects.bulk_create(batch, batch_size=5000)
            refs = [e.external_ref for e in batch]
            stored = LedgerEntry.objects.filter(campaign=campaign, external_ref__in=refs) if batch[0].pk is None \
                else batch
            replace_facts_bulk(source=facts.LEDGER_SOURCE,
                               facts_by_id={e.pk: facts.ledger_entry_facts(e) for e in stored})
        written += len(batch)
        batch = []

    total = receipts + receipts // 10
    for i in range(total):
        kind = "pledge" if i % 11 == 10 else "receipt"  # `receipts` receipts plus one pledge per ten receipts
        amount = Decimal(rng.choice([100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000,
                                     50_000_000, 100_000_000]))
        batch.append(LedgerEntry(
            campaign=campaign, unit_id=rng.choice(receivers).id, kind=kind, form="cash", amount=amount,
            day=start + datetime.timedelta(days=rng.randrange(0, days)), donor_kind="person",
            donor_name=f"Nhà hảo tâm {i % 5000}", external_ref=f"BENCH-L-{i:06d}", created_by=actor))
        if len(batch) == 10_000:
            flush()
    if batch:
        flush()
    print(f"ledger: {written} entries ({receipts} receipts) in {time.perf_counter() - t0:.1f} s")
    # A few hundred reversals through the service (the only way to cancel an entry).
    sample = list(LedgerEntry.objects.filter(campaign=campaign, kind="receipt").order_by("id")[:300])
    for entry in sample:
        services.ledger_reverse(actor=actor, entry=entry, reason="Bench: điều chỉnh", day=end)
    print("reversals: 300")
    analyze()
    return campaign.pk


def analyze() -> None:
    """Refresh planner statistics after the bulk load (and, on PostgreSQL, the visibility map that index-only
    scans need) — what autovacuum would do a little later on a live system."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("campaigns_ledgerentry", "campaigns_house", "reports_recordfact"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="regenerate the bench campaign")
    parser.add_argument("--houses", type=int, default=HOUSES)
    parser.add_argument("--receipts", type=int, default=RECEIPTS)
    args = parser.parse_args()
    setup_database()
    generate(force=args.force, houses=args.houses, receipts=args.receipts)


if __name__ == "__main__":
    main()
