"""Demo aggregates: the 2023 national figures of the seed report spread over the 63 provinces, and
Hậu Giang's 143 dialogues of 2023 by level. Idempotent: a second load changes nothing."""

from __future__ import annotations

from danvan.orgunits.models import OrgUnit

SEED_2023 = {
    "dvk.registered": 183676, "dvk.recognised.collective": 75340, "dvk.recognised.individual": 45282,
    "conference.dissemination": 14342, "conference.dissemination.attendees": 949721, "competition": 281,
    "media": 3790, "commendation.collective": 12911, "commendation.individual": 18492,
}


def demo_rows() -> list[str]:
    provinces = list(OrgUnit.objects.filter(kind="province", valid_from__isnull=True).order_by("key"))
    lines = ["unit,period,indicator,value"]
    weights = [1 + (i * 7) % 11 for i in range(len(provinces))]
    total_weight = sum(weights)
    for code, total in SEED_2023.items():
        shares = [total * w // total_weight for w in weights]
        shares[0] += total - sum(shares)
        lines.extend(f"{p.key},2023,{code},{share}" for p, share in zip(provinces, shares, strict=True))
    hau_giang_districts = list(OrgUnit.objects.filter(parent__key="VN-93").order_by("key"))
    if hau_giang_districts:
        lines.append("VN-93,2023,dialogue,5")
        district_shares = [23 // len(hau_giang_districts)] * len(hau_giang_districts)
        district_shares[0] += 23 - sum(district_shares)
        communes = list(OrgUnit.objects.filter(path__startswith="VN/VN-93/", kind="commune").order_by("key")[:23])
        commune_shares = [5] * len(communes)
        if communes:
            commune_shares[-1] += 115 - sum(commune_shares)
        lines.extend(f"{d.key},2023,dialogue,{v}" for d, v in zip(hau_giang_districts, district_shares, strict=True))
        lines.extend(f"{c.key},2023,dialogue,{v}" for c, v in zip(communes, commune_shares, strict=True))
    return lines


def load_demo_data() -> str:
    from .importers import import_datavalues

    result = import_datavalues(actor=None, data=("\n".join(demo_rows()) + "\n").encode(), file_name="demo.csv")
    return f"Số liệu tổng hợp mẫu: {result.created} mới, {result.unchanged} không đổi."
