"""Data values (CSV on stdout) for the LibreOffice check of .ci/annual.sh: the nation in 2022–2023 split over
its own entry and several provinces, Cần Thơ (VN-92) by half-year in 2025–2026."""

import random

rng = random.Random(12)
CODES = ["dvk.registered", "dvk.recognised.collective", "dvk.recognised.individual", "conference.dissemination",
         "conference.dissemination.attendees", "dialogue", "competition", "media", "commendation.collective",
         "commendation.individual", "petition.received", "petition.resolved", "campaign.money.received",
         "campaign.houses.completed"]
PROVINCES = ["VN-01", "VN-79", "VN-92", "VN-93", "VN-89", "VN-91", "VN-87", "VN-82", "VN-48", "VN-31"]
print("unit,period,indicator,value")
for year in (2022, 2023):
    for code in CODES:
        print(f"VN,{year},{code},{rng.randint(100, 5000) * (1000 if code.startswith('campaign.money') else 1)}")
        for key in PROVINCES:
            print(f"{key},{year},{code},{rng.randint(5, 900) * (10**6 if code.startswith('campaign.money') else 1)}")
# One period type per indicator and year (the counting rule): halves only, so the year is their sum.
for period in ("2025S1", "2025S2", "2026S1"):
    for code in CODES:
        print(f"VN-92,{period},{code},{rng.randint(5, 900) * (10**6 if code.startswith('campaign.money') else 1)}")
