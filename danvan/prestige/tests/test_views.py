"""Pages: the commune keeps its list through the forms (units picked by name), the province sees its statistics."""

import datetime

import pytest
from django.urls import reverse

from danvan.prestige.models import Person, SupportEntry

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    data = {"unit": "Xã Lịch Hội Thượng (VN-92-31679)", "full_name": "Sơn Văn Hùng", "birth_year": "1972",
            "sex": "nam", "ethnic_group": "", "village": "Ấp Tố Mỹ", "role": "san_xuat_gioi",
            "phone": "0912345675", "decision_number": "58/QĐ-UBND", "decision_date": "10/09/2025",
            "authority": "", "authority_name": "", "note": "", "external_ref": ""}
    data.update(overrides)
    return data


def test_commune_officer_adds_a_person_by_picking_the_commune_by_name(client, commune_officer, ethnic):
    client.force_login(commune_officer)
    response = client.get(reverse("prestige:create"))
    assert response.status_code == 200 and "Xã Lịch Hội Thượng (VN-92-31679)" in response.content.decode()
    response = client.post(reverse("prestige:create"), _form(ethnic_group=ethnic("05").pk, unit="xa lich hoi thuong"))
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.unit.key == "VN-92-31679" and person.authority == "commune_chairman"
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Sơn Văn Hùng" in page and "0912345675" in page and "ngày 10 tháng 9 năm 2025" in page


def test_form_errors_come_back_on_the_fields(client, commune_officer, ethnic):
    client.force_login(commune_officer)
    response = client.post(reverse("prestige:create"), _form(
        ethnic_group=ethnic("05").pk, decision_date="10/09/2023", authority="commune_chairman"))
    body = response.content.decode()
    assert response.status_code == 200 and not Person.objects.exists()
    assert "cần ghi xã cũ" in body and "cấp huyện công nhận" in body


def test_status_support_and_links_from_the_detail_page(client, commune_officer, make_person, commune):
    from danvan.activities.models import Activity, ActivityKind

    person = make_person(commune_officer)
    client.force_login(commune_officer)
    base = reverse("prestige:detail", args=[person.pk])
    response = client.post(reverse("prestige:support_add", args=[person.pk]), {
        "day": "10/02/2026", "kind": "gift", "amount": "500.000", "provider": "UBND thành phố",
        "version": person.version})
    assert response.status_code == 302 and SupportEntry.objects.get().amount == 500_000
    activity = Activity.objects.create(
        unit=commune, kind=ActivityKind.objects.get(code="hoi_nghi"), title="Hội nghị biểu dương người có uy tín",
        start_date=datetime.date(2026, 3, 1), status="held", search_text="hoi nghi bieu duong nguoi co uy tin")
    client.post(reverse("prestige:link_add", args=[person.pk]), {"kind": "activity", "activity": "bieu duong"})
    assert list(person.activities.all()) == [activity]
    person.refresh_from_db()
    client.post(reverse("prestige:set_status", args=[person.pk]), {
        "status": "deceased", "status_date": "01/03/2026", "version": person.version, "confirmed": "1"})
    person.refresh_from_db()
    assert person.status == "deceased"
    body = client.get(base).content.decode()
    assert "Đã từ trần" in body and "Hội nghị biểu dương người có uy tín" in body and "500.000" in body


def test_another_province_gets_404_and_a_viewer_403(client, commune_officer, make_person, make_user):
    person = make_person(commune_officer)
    client.force_login(make_user("VN-01", "officer"))
    assert client.get(reverse("prestige:detail", args=[person.pk])).status_code == 404
    assert client.post(reverse("prestige:support_add", args=[person.pk]), {}).status_code == 404
    client.force_login(make_user("VN-92", "viewer"))
    assert client.get(reverse("prestige:detail", args=[person.pk])).status_code == 200
    assert client.post(reverse("prestige:delete", args=[person.pk]), {}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_list_filters_by_ethnic_group_role_and_year_end(client, province_officer, make_person, ethnic, former):
    make_person(province_officer, full_name="Thạch Văn Sô", former_unit=former,
                decision_date=datetime.date(2023, 3, 15))
    make_person(province_officer, full_name="Nguyễn Văn An", ethnic_group=ethnic("01"), role="truong_thon")
    client.force_login(province_officer)
    url = reverse("prestige:list")
    body = client.get(url, {"dan_toc": "05"}).content.decode()
    assert "Thạch Văn Sô" in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"nam": "2024"}).content.decode()
    assert "Thạch Văn Sô" in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"thanh_phan": "truong_thon", "q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn An" in body and "Thạch Văn Sô" not in body


def test_province_statistics_page_by_ethnic_group_role_and_child(client, province_officer, make_person, ethnic):
    make_person(province_officer, full_name="Thạch Văn Sô")
    make_person(province_officer, full_name="Nguyễn Văn An", ethnic_group=ethnic("01"), role="truong_thon")
    client.force_login(province_officer)
    response = client.get(reverse("prestige:statistics"), {"nam": "2025", "ranh_gioi": "hien_nay"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Người có uy tín năm 2025 — Thành phố Cần Thơ" in body
    assert "Khmer" in body and "Kinh" in body and "Trưởng thôn, bản, buôn, ấp, phum, sóc" in body
    assert "Xã Lịch Hội Thượng" in body
    assert "Thạch Văn Sô" not in body  # counts only


def test_import_template_lists_the_columns(client, province_officer):
    import io

    from openpyxl import load_workbook

    client.force_login(province_officer)
    response = client.get(reverse("prestige:import_template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = [c.value for c in next(book.worksheets[0].iter_rows())]
    assert header[:3] == ["external_ref", "unit_key", "full_name"] and "phone" in header
