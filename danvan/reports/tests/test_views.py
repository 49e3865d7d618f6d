import pytest

from danvan.core.models import AuditEvent
from danvan.reports.models import DataValue
from danvan.reports.services import datavalue_set

pytestmark = pytest.mark.django_db


def test_catalogue_and_index(make_user, client_for):
    client = client_for(make_user("VN-93", "viewer"))
    page = client.get("/bao-cao/chi-tieu/")
    assert page.status_code == 200
    assert "Mô hình “Dân vận khéo” được đăng ký" in page.content.decode()
    assert client.get("/bao-cao/").status_code == 200
    assert client.get("/bao-cao/?unit=VN-93&period=2023").status_code == 302


def test_figures_page_breakdowns_and_refusals(unit, make_user, client_for):
    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dialogue", value=5)
    datavalue_set(actor=None, unit=unit("VN-93-930"), period="2023", indicator="dialogue", value=23)
    client = client_for(make_user("VN-93", "viewer"))
    page = client.get("/bao-cao/so-lieu/VN-93/2023/")
    assert page.status_code == 200 and "28" in page.content.decode()
    for by in ("level", "child", "sector", "category"):
        assert client.get(f"/bao-cao/so-lieu/VN-93/2023/?by={by}&boundaries=current").status_code == 200
    assert client.get("/bao-cao/so-lieu/VN-93/2023Q3/").status_code == 200
    bad = client.get("/bao-cao/so-lieu/VN-93/20x3/")
    assert bad.status_code == 400 and "Không đọc được kỳ báo cáo" in bad.content.decode()
    assert client.get("/bao-cao/so-lieu/VN-XYZ/2023/").status_code == 404
    assert client.get("/bao-cao/so-lieu/VN-01/2023/").status_code == 404  # outside scope


def test_entry_form_saves_through_service(unit, make_user, client_for):
    officer = make_user("VN-93", "officer")
    client = client_for(officer)
    page = client.get("/bao-cao/nhap/VN-93/2023/")
    assert page.status_code == 200 and "v_dialogue" in page.content.decode()
    response = client.post("/bao-cao/nhap/VN-93/2023/", {"v_dialogue": "143", "v_media": "", "v_competition": "-2"})
    assert response.status_code == 200  # the bad value is shown again with its error
    assert "không được âm" in response.content.decode()
    dv = DataValue.objects.get(unit__key="VN-93", indicator_id="dialogue")
    assert dv.value == 143
    assert AuditEvent.objects.filter(action="reports.datavalue.created", target_id=str(dv.pk)).exists()
    response = client.post("/bao-cao/nhap/VN-93/2023/", {"v_dialogue": "150", "ver_dialogue": dv.version})
    assert response.status_code == 302
    dv.refresh_from_db()
    assert dv.value == 150
    # On behalf of a district: allowed and logged as such.
    assert client.post("/bao-cao/nhap/VN-93-930/2023/", {"v_media": "4"}).status_code == 302
    assert AuditEvent.objects.filter(action="reports.datavalue.created", on_behalf=True).exists()


def test_entry_refusals(make_user, client_for):
    viewer = client_for(make_user("VN-93", "viewer"))
    assert viewer.get("/bao-cao/nhap/VN-93/2023/").status_code == 403
    assert viewer.post("/bao-cao/nhap/VN-93/2023/", {"v_dialogue": "1"}).status_code == 403
    other = client_for(make_user("VN-01", "officer"))
    assert other.get("/bao-cao/nhap/VN-93/2023/").status_code == 404
    assert other.post("/bao-cao/nhap/VN-93/2023/", {"v_dialogue": "1"}).status_code == 404
    officer = client_for(make_user("VN-93", "officer"))
    assert officer.get("/bao-cao/nhap/VN-93/2026/").status_code == 404  # Hậu Giang did not exist in 2026
    assert officer.get("/bao-cao/nhap/VN-93/2023Q0/").status_code == 400
    assert not DataValue.objects.exists()


def test_import_page(make_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(make_user("VN-93", "officer"))
    bad = SimpleUploadedFile("v.csv", b"unit,period,indicator,value\nVN-93,2023,media,5\nVN-01,2023,media,1\n")
    response = client.post("/bao-cao/nhap-tep/", {"file": bad})
    assert response.status_code == 200 and "Dòng 3" in response.content.decode()
    assert not DataValue.objects.exists()
    good = SimpleUploadedFile("v.csv", b"unit,period,indicator,value\nVN-93,2023,media,5\n")
    response = client.post("/bao-cao/nhap-tep/", {"file": good})
    assert "1 mới" in response.content.decode()
    assert DataValue.objects.get().value == 5


def test_anonymous_redirected(client):
    assert client.get("/bao-cao/so-lieu/VN/2023/").status_code == 302


def test_demo_is_idempotent_and_reproduces_the_seed(unit):
    from danvan.reports import selectors
    from danvan.reports.demo import SEED_2023, load_demo_data

    load_demo_data()
    count = DataValue.objects.count()
    assert "0 mới" in load_demo_data()
    assert DataValue.objects.count() == count
    national = selectors.figures(unit=unit("VN"), period="2023", indicators=[*SEED_2023, "dvk.recognised"])
    assert {code: national[code] for code in SEED_2023} == SEED_2023
    assert national["dvk.recognised"] == 120622
    hau_giang = selectors.breakdown(unit=unit("VN-93"), period="2023", indicator="dialogue", by="level")
    assert hau_giang == {"central": 0, "province": 5, "district": 23, "commune": 115}


def test_home_panel_shows_key_figures(unit, make_user, client_for):
    from django.utils import timezone

    year = str(timezone.localdate().year)
    datavalue_set(actor=None, unit=unit("VN-92"), period=year, indicator="dialogue", value=1234)
    page = client_for(make_user("VN-92", "officer")).get("/")
    assert page.status_code == 200 and "1.234" in page.content.decode()


def test_export_streams_import_format_and_round_trips(unit, make_user, client_for):
    from danvan.reports.importers import import_datavalues

    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dialogue", value=5)
    datavalue_set(actor=None, unit=unit("VN-93-930"), period="2023Q2", indicator="media", value=2)
    datavalue_set(actor=None, unit=unit("VN-01"), period="2023", indicator="media", value=9)
    client = client_for(make_user("VN-93", "viewer"))
    response = client.get("/bao-cao/xuat/VN-93/2023/")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == "unit,period,indicator,value,category,sector"
    assert "VN-93,2023,dialogue,5.00" in text and "VN-93-930,2023Q2,media,2.00" in text and "VN-01" not in text
    result = import_datavalues(actor=None, data=body)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert client.get("/bao-cao/xuat/VN-01/2023/").status_code == 404
    assert client.get("/bao-cao/xuat/VN-93/2023X/").status_code == 400


@pytest.mark.parametrize("typed,code", [("Quý 3/2026", "2026Q3"), ("III/2026", "2026Q3"), ("2026 Q3", "2026Q3"),
                                        ("6 tháng đầu năm 2026", "2026S1"), ("11/2026", "202611"),
                                        ("năm 2026", "2026")])
def test_figures_lookup_reads_periods_as_officials_write_them(make_user, client_for, typed, code):
    client = client_for(make_user("VN-92", "viewer"))
    response = client.get("/bao-cao/", {"unit": "VN-92", "period": typed})
    assert response.status_code == 302 and response.url == f"/bao-cao/so-lieu/VN-92/{code}/"


def test_unreadable_period_is_400_on_the_same_page_with_the_accepted_forms(make_user, client_for):
    client = client_for(make_user("VN-92", "viewer"))
    page = client.get("/bao-cao/", {"unit": "VN-92", "period": "quý 5/2026"})
    text = page.content.decode()
    assert page.status_code == 400 and "Không đọc được kỳ báo cáo" in text and "6 tháng đầu năm 2026" in text
    assert 'name="period"' in text  # the lookup form again, to correct it
