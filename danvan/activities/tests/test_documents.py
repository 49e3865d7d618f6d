"""The document register and the implementation status of a document over a subtree."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.activities import selectors, services
from danvan.activities.models import Document, Project
from danvan.core.audit import history_for
from danvan.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def central(make_user):
    return make_user("VN", "officer")


@pytest.fixture
def nq25(central, unit):
    return services.document_create(
        actor=central, unit=unit("VN"), symbol="25-NQ/TW", issuing_body="Ban Chấp hành Trung ương",
        issued_on=datetime.date(2013, 6, 3), title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác "
        "dân vận trong tình hình mới", interim_review_years=5, final_review_years=10)


def test_document_create_parses_symbol_and_audits(nq25):
    assert (nq25.family, nq25.number, nq25.doc_type, nq25.issuer_code) == ("party", 25, "NQ", "TW")
    assert nq25.review_due("so_ket") == datetime.date(2018, 6, 3)
    assert nq25.review_due("tong_ket") == datetime.date(2023, 6, 3)
    assert history_for(nq25).get().action == "activities.document.created"
    assert "doi moi su lanh dao" in nq25.search_text


@pytest.mark.parametrize("fields, field, fragment", [
    ({"symbol": "25/NQ/TW"}, "symbol", "thể thức"),
    ({"symbol": "25-XYZ/TW"}, "symbol", "không phải loại văn bản"),
    ({"issued_on": datetime.date(2099, 1, 1)}, "issued_on", "tương lai"),
    ({"symbol": "12/2024/QĐ-UBND", "issued_on": datetime.date(2025, 1, 5)}, "issued_on", "khác năm"),
    ({"title": ""}, "title", "Trích yếu"),
    ({"issuing_body": ""}, "issuing_body", "Cơ quan ban hành"),
    ({"interim_review_years": 12, "final_review_years": 10}, "interim_review_years", "trước tổng kết"),
])
def test_document_bad_input(central, unit, fields, field, fragment):
    data = {"symbol": "24-KH/BDVTU", "issuing_body": "Ban Dân vận Tỉnh ủy", "issued_on": datetime.date(2024, 3, 1),
            "title": "Kế hoạch thực hiện"}
    data.update(fields)
    with pytest.raises(ValidationError) as info:
        services.document_create(actor=central, unit=unit("VN"), **data)
    assert fragment in " ".join(info.value.message_dict[field])
    assert not Document.objects.exists()


def test_duplicate_symbol_same_day_refused(central, unit, nq25):
    with pytest.raises(ValidationError) as info:
        services.document_create(actor=central, unit=unit("VN"), symbol="25-NQ/TW", issuing_body="BCH TW",
                                 issued_on=datetime.date(2013, 6, 3), title="Trùng")
    assert "đã có trong sổ" in info.value.message_dict["symbol"][0]


def test_document_visibility(make_user, unit, nq25, commune_cantho):
    cantho = make_user("VN-92", "officer")
    provincial = services.document_create(actor=cantho, unit=unit("VN-92"), symbol="24-KH/BDVTU",
                                          issuing_body="Ban Dân vận Thành ủy Cần Thơ",
                                          issued_on=datetime.date(2024, 3, 1), title="Kế hoạch thực hiện")
    commune_user = make_user(commune_cantho.key, "viewer")
    hanoi = make_user("VN-01", "officer")
    assert set(selectors.documents_for(commune_user)) == {nq25, provincial}
    assert set(selectors.documents_for(hanoi)) == {nq25}
    with pytest.raises(PermissionDenied):
        services.document_update(actor=hanoi, document=provincial, expected_version=1, title="Sửa trái phép")


def test_dissemination_status_rolls_up_a_subtree(central, make_user, unit, nq25, make_activity):
    hau_giang = unit("VN-93")
    day = datetime.date(2023, 6, 1)
    districts = list(OrgUnit.objects.filter(parent=hau_giang, level="district").valid_on(day).order_by("path"))
    services.requirement_set(actor=central, document=nq25, unit=unit("VN"), levels=["province", "district"],
                             deadline=datetime.date(2023, 9, 30), on_behalf=True)
    services.requirement_set(actor=central, document=nq25, unit=hau_giang, levels=["district"],
                             deadline=datetime.date(2023, 8, 31), on_behalf=True)
    root = make_user(superuser=True, username="root-docs")
    # the province disseminated on time, district 0 late, district 1 through a body below it, the rest did not
    make_activity(root, hau_giang, "hoi_nghi", documents=[nq25], attendees=500, participants=400,
                  start_date=datetime.date(2023, 7, 1))
    make_activity(root, districts[0], "hoi_nghi", documents=[nq25], attendees=120, participants=100,
                  start_date=datetime.date(2023, 10, 2))
    make_activity(root, districts[0], "hoi_nghi", documents=[nq25], attendees=80, participants=50,
                  start_date=datetime.date(2023, 10, 9))
    commune_of_1 = OrgUnit.objects.filter(parent=districts[1]).valid_on(day).first()
    make_activity(root, commune_of_1, "hoi_nghi", documents=[nq25], attendees=60, participants=50,
                  start_date=datetime.date(2023, 8, 1))
    make_activity(root, hau_giang, "hoi_nghi", documents=[], attendees=999, start_date=datetime.date(2023, 7, 2))
    services.plan_add(actor=root, document=nq25, unit=hau_giang, symbol="24-KH/TU",
                      issued_on=datetime.date(2023, 7, 10))
    services.review_add(actor=root, document=nq25, unit=hau_giang, kind="tong_ket",
                        held_on=datetime.date(2023, 11, 1), report_symbol="07-BC/TU")
    status = selectors.document_status(nq25, hau_giang, day=datetime.date(2024, 1, 15))
    assert status["required"] == 1 + len(districts)
    by_key = {s.unit.key: s for s in status["rows"]}
    assert by_key["VN-93"].first_held == datetime.date(2023, 7, 1) and not by_key["VN-93"].late
    assert by_key["VN-93"].plans and "tong_ket" in by_key["VN-93"].reviews
    assert by_key["VN-93"].review_overdue == ["so_ket"]  # sơ kết was due in 2018 and not recorded
    d0 = by_key[districts[0].key]
    assert d0.deadline == datetime.date(2023, 8, 31) and d0.late and d0.conferences == 2 and d0.attendees == 200
    assert by_key[districts[1].key].first_held == datetime.date(2023, 8, 1)
    assert status["disseminated"] == 3 and status["overdue"] == len(districts) - 2
    assert status["conferences"] == 4 and status["attendees"] == 760
    assert status["planned"] == 1 and status["reviewed_final"] == 1
    assert selectors.dissemination_counts(unit=hau_giang, period="2023", document=nq25) == {
        "conferences": 4, "attendees": 760}
    # a district's own view only shows itself
    narrow = selectors.document_status(nq25, districts[0], day=datetime.date(2024, 1, 15))
    assert [s.unit.key for s in narrow["rows"]] == [districts[0].key]


def test_requirement_plan_review_bad_input(central, unit, nq25):
    with pytest.raises(ValidationError) as info:
        services.requirement_set(actor=central, document=nq25, unit=unit("VN"), levels=["mars"],
                                 deadline=datetime.date(2010, 1, 1))
    assert {"levels", "deadline"} <= set(info.value.message_dict)
    with pytest.raises(ValidationError) as info:
        services.plan_add(actor=central, document=nq25, unit=unit("VN"), symbol="KH sai",
                          issued_on=datetime.date(2099, 1, 1))
    assert {"symbol", "issued_on"} <= set(info.value.message_dict)
    with pytest.raises(ValidationError) as info:
        services.review_add(actor=central, document=nq25, unit=unit("VN"), kind="xyz", held_on=None)
    assert {"kind", "held_on"} <= set(info.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.plan_add(actor=central, document=nq25, unit=unit("VN-92"), issued_on=datetime.date(2020, 1, 1))


def test_projects_flow_and_counts(central, unit, nq25):
    vn = unit("VN")
    project = services.project_create(actor=central, unit=vn, name="Đề án đổi mới công tác dân vận",
                                      assigned_by="Bộ Chính trị", assigned_on=datetime.date(2023, 2, 1),
                                      deadline=datetime.date(2023, 12, 31), document=nq25)
    services.project_create(actor=central, unit=vn, name="Đề án khác", assigned_by="Ban Bí thư",
                            assigned_on=datetime.date(2023, 3, 1))
    assert project.is_overdue(datetime.date(2024, 1, 1))
    services.project_transition(actor=central, project=project, to="submitted")
    services.project_transition(actor=central, project=project, to="approved",
                                completed_on=datetime.date(2024, 2, 1))
    project.refresh_from_db()
    assert project.status == "approved" and not project.is_overdue(datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.project_transition(actor=central, project=project, to="in_progress")
    assert selectors.project_counts(unit=vn, year=2023) == {"total": 2, "by_assigned_by": {
        "Bộ Chính trị": 1, "Ban Bí thư": 1}}
    with pytest.raises(ValidationError) as info:
        services.project_create(actor=central, unit=vn, name="", assigned_by="", assigned_on=None)
    assert {"name", "assigned_by", "assigned_on"} <= set(info.value.message_dict)
    assert Project.objects.count() == 2
