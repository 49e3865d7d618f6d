"""Campaigns (cuộc vận động), emulation movements (phong trào thi đua) and yearly themes, with their
targets, an append-only money ledger, the houses (or other deliverables) they build, and reported results.

Counting rules live in `selectors.py`; the facts each record contributes to the indicators are decided in
`facts.py` (one function per record type).

The models live in one module per record family; import them from here.
"""

from .campaign import VND_DIGITS, Campaign, CampaignLink, Target
from .houses import House, HousePhoto, _photo_path
from .ledger import AppendOnlyQuerySet, LedgerEntry
from .progress import ProgressEntry

__all__ = ["VND_DIGITS", "AppendOnlyQuerySet", "Campaign", "CampaignLink", "House", "HousePhoto", "LedgerEntry",
           "ProgressEntry", "Target", "_photo_path"]
