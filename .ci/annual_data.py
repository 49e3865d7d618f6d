"""Data values (CSV on stdout) for the LibreOffice check of .ci/annual.sh and the sample pages of
.ci/annual_samples.sh: the nation in 2022–2023 split over its own entry and several provinces, Cần Thơ (VN-92)
by half-year in 2025–2026, the Đảng ủy Khối (TW-DUK) in 2021–2022 and, when its key is given as the first
argument, a 2026 commune. Some indicators have no figure for the year before, so the documents show how
missing data reads ("chưa có số liệu so sánh", "—"), never a "giảm 100%"."""

import random
import sys

rng = random.Random(12)
CODES = ["dvk.registered", "dvk.recognised.collective", "dvk.recognised.individual", "conference.dissemination",
         "conference.dissemination.attendees", "dialogue", "competition", "media", "commendation.collective",
         "commendation.individual", "petition.received", "petition.resolved", "campaign.money.received",
         "campaign.houses.completed"]
PROVINCES = ["VN-01", "VN-79", "VN-92", "VN-93", "VN-89", "VN-91", "VN-87", "VN-82", "VN-48", "VN-31"]
NOT_BEFORE = {"media", "competition"}  # first collected in 2023: no 2022 figure to compare with


def money(code: str, scale: int) -> int:
    return scale if code.startswith("campaign.money") else 1


print("unit,period,indicator,value")
for year in (2022, 2023):
    for code in CODES:
        if year == 2022 and code in NOT_BEFORE:
            continue
        print(f"VN,{year},{code},{rng.randint(100, 5000) * money(code, 1000)}")
        for key in PROVINCES:
            print(f"{key},{year},{code},{rng.randint(5, 900) * money(code, 10**6)}")
for year in (2021, 2022):
    for code in ("conference.dissemination", "conference.dissemination.attendees", "dvk.registered", "media",
                 "commendation.collective", "commendation.individual", "campaign.money.received"):
        print(f"TW-DUK,{year},{code},{rng.randint(5, 400) * money(code, 10**7)}")
# One period type per indicator and year (the counting rule): halves only, so the year is their sum.
for period in ("2025S1", "2025S2", "2026S1"):
    for code in CODES:
        print(f"VN-92,{period},{code},{rng.randint(5, 900) * money(code, 10**6)}")
if len(sys.argv) > 1:
    for code in ("dvk.registered", "dialogue", "conference.dissemination", "petition.received", "petition.resolved"):
        print(f"{sys.argv[1]},2026S1,{code},{rng.randint(2, 30)}")
