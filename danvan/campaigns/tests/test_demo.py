from decimal import Decimal

from danvan.campaigns import demo, selectors
from danvan.campaigns.models import Campaign, House, LedgerEntry
from danvan.core.demo import load_accounts


def test_demo_data_is_idempotent_and_right(db):
    load_accounts()
    demo.load_demo_data()
    counts = (Campaign.objects.count(), LedgerEntry.objects.count(), House.objects.count())
    demo.load_demo_data()
    assert (Campaign.objects.count(), LedgerEntry.objects.count(), House.objects.count()) == counts
    duk = Campaign.objects.get(name=demo.DUK_NAME)
    progress = selectors.progress(duk)
    assert progress["money"]["received"] == Decimal(17_600_000_000)
    assert progress["money_words"] == "17,6 tỷ đồng"
    assert progress["houses_done"] == 150
