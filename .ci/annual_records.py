"""Register records for the sample pages (.ci/annual_samples.sh): Party documents, inspections and training
held by the commission, petitions decided on time / late / still overdue, for Hậu Giang 2023 and Cần Thơ 2026.
Run inside Django: `python manage.py shell -c "exec(open('.ci/annual_records.py').read())"`."""

import datetime

from danvan.activities.models import Activity, ActivityKind, Document, Project
from danvan.orgunits.models import OrgUnit
from danvan.petitions.models import Case
from danvan.petitions.services.facts import sync_case_facts

day = datetime.date
serial = [0]


def records(key: str, year: int, symbol: str, committee: str) -> None:
    unit = OrgUnit.objects.get(key=key)
    for number, (doc_type, issuer) in enumerate([("NQ", committee), ("KL", committee), ("KH", committee),
                                                 ("HD", symbol), ("KH", symbol), ("HD", symbol)], start=1):
        Document.objects.get_or_create(unit=unit, symbol=f"{number:02d}-{doc_type}/{issuer}", defaults={
            "family": "party", "number": number, "doc_type": doc_type, "issuer_code": issuer, "issuing_body": issuer,
            "issued_on": day(year, 2 + number, 10), "title": "Về công tác dân vận"})
    inspection, training = ActivityKind.objects.get(code="kiem_tra_giam_sat"), ActivityKind.objects.get(code="tap_huan")
    for month in (4, 6, 9):
        Activity.objects.create(unit=unit, kind=inspection, title="Kiểm tra, giám sát thực hiện Quy chế dân vận",
                                start_date=day(year, month, 12), level=unit.level)
    Activity.objects.create(unit=unit, kind=training, title="Tập huấn nghiệp vụ công tác dân vận",
                            start_date=day(year, 5, 20), level=unit.level, attendees=215)
    Project.objects.create(unit=unit, name="Đề án nâng cao chất lượng phong trào thi đua “Dân vận khéo”",
                           assigned_by="Ban Thường vụ", assigned_on=day(year, 1, 15), status="approved",
                           completed_on=day(year, 10, 30))
    for decided, status in [(day(year, 3, 20), "decided")] * 9 + [(day(year, 5, 30), "decided"), (None, "verifying")]:
        serial[0] += 1
        sync_case_facts(Case.objects.create(
            unit=unit, tracking_code=f"CI{serial[0]:06d}", channel="walk_in", kind="kien_nghi",
            subject="Kiến nghị về đất đai", field="dat_dai", received_on=day(year, 2, 1), accepted_on=day(year, 2, 5),
            decided_on=decided, resolve_due=day(year, 4, 30), status=status))


records("VN-93", 2023, "BDVTU", "TU")
records("VN-92", 2026, "BTGDVTU", "TU")
print("annual sample records created")
