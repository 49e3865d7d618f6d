import datetime

import pytest
from django.core.management import CommandError, call_command

from danvan.core.models import AuditEvent
from danvan.orgunits.importers import import_units
from danvan.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
HEADER = "key,name,kind,parent_key,valid_from,valid_to,successor_keys\n"


def test_import_creates_bodies_and_is_idempotent(tmp_path):
    data = (HEADER
            + "VN-92-MTTQ,Ủy ban MTTQ Việt Nam TP Cần Thơ,front,VN-92,,,\n"
            + "VN-92-HND,Hội Nông dân TP Cần Thơ,organisation,VN-92,01/01/2000,,\n")
    stats = import_units(data.encode())
    assert stats.created == 2
    body = OrgUnit.objects.get(key="VN-92-MTTQ")
    assert body.parent.key == "VN-92" and body.level == "province"
    assert body.path == "VN/VN-92/VN-92-MTTQ/"
    assert AuditEvent.objects.filter(action="orgunits.unit.created", target_id=str(body.pk)).exists()
    again = import_units(data.encode())
    assert (again.created, again.updated) == (0, 0)


def test_import_corrects_a_unit_and_its_successors():
    import_units((HEADER + "VN-92-XX,Cơ quan cũ,other,VN-92,,30/06/2025,\n"
                  + "VN-92-YY,Cơ quan mới,other,VN-92,01/07/2025,,\n").encode())
    import_units((HEADER + "VN-92-XX,Cơ quan cũ (sửa tên),other,VN-92,,30/06/2025,VN-92-YY\n").encode())
    old = OrgUnit.objects.get(key="VN-92-XX")
    assert old.name == "Cơ quan cũ (sửa tên)"
    assert old.current_key == "VN-92-YY"
    event = AuditEvent.objects.filter(action="orgunits.unit.updated", target_id=str(old.pk)).latest("id")
    assert event.changes["name"] == ["Cơ quan cũ", "Cơ quan cũ (sửa tên)"]


def test_malformed_file_reports_every_bad_line_and_changes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER
                   + "VN-92-OK,Hợp lệ,other,VN-92,,,\n"
                   + "vn-bad,Tên,other,VN-92,,,\n"
                   + "VN-92-Z1,,galaxy,VN-99,31/13/2024,,\n"
                   + "VN-92-Z2,Tên,other,VN-92,01/07/2025,01/01/2025,VN-NOPE\n", encoding="utf-8")
    count = OrgUnit.objects.count()
    with pytest.raises(CommandError) as failure:
        call_command("import_units", str(bad))
    message = str(failure.value)
    assert "Dòng 3, cột “key”" in message
    assert "Dòng 4, cột “name”" in message and "Dòng 4, cột “kind”" in message
    assert "Dòng 4, cột “parent_key”" in message and "Dòng 4, cột “valid_from”" in message
    assert "Dòng 5, cột “valid_to”" in message and "Dòng 5, cột “successor_keys”" in message
    assert OrgUnit.objects.count() == count
    assert not OrgUnit.objects.filter(key="VN-92-OK").exists()


def test_cycle_in_parents_is_refused_without_changes():
    import_units((HEADER + "VN-92-A1,A,other,VN-92,,,\n").encode())
    with pytest.raises(ValueError):
        import_units((HEADER + "VN-92-A1,A,other,VN-92-B1,,,\nVN-92-B1,B,other,VN-92-A1,,,\n").encode())
    assert OrgUnit.objects.get(key="VN-92-A1").parent.key == "VN-92"
    assert not OrgUnit.objects.filter(key="VN-92-B1").exists()


def test_valid_to_marks_unit_as_historical_on_later_dates():
    import_units((HEADER + "VN-92-OLD,Cũ,other,VN-92,,31/12/2020,\n").encode())
    assert not OrgUnit.objects.valid_on(datetime.date(2021, 1, 1)).filter(key="VN-92-OLD").exists()
    assert OrgUnit.objects.valid_on(datetime.date(2020, 12, 31)).filter(key="VN-92-OLD").exists()
