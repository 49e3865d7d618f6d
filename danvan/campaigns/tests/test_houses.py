"""Houses: registration rules, the started → completed → handed over workflow, photos, facts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.campaigns import services
from danvan.campaigns.models import House, HousePhoto
from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.reports.models import RecordFact

D = datetime.date


def make_house(campaign, commune, name="Nguyễn Văn Bảy", **kwargs):
    kwargs.setdefault("unit_cost", "50000000")
    return services.house_create(actor=campaign.organiser, campaign=campaign, unit=commune, beneficiary_name=name,
                                 on_behalf=True, **kwargs)


def test_workflow_with_dates_audit_and_facts(cantho_campaign, commune_cantho):
    house = make_house(cantho_campaign, commune_cantho)
    assert house.status == House.Status.PLANNED
    assert not RecordFact.objects.filter(source="campaigns.house", source_id=house.pk).exists()
    actor = cantho_campaign.organiser
    services.house_advance(actor=actor, house=house, to="started", day=D(2025, 8, 1), on_behalf=True)
    services.house_advance(actor=actor, house=house, to="completed", day=D(2025, 9, 15), on_behalf=True)
    fact = RecordFact.objects.get(source="campaigns.house", source_id=house.pk, indicator="campaign.houses.completed")
    assert (fact.indicator, fact.day, fact.unit_id, fact.value) == ("campaign.houses.completed", D(2025, 9, 15),
                                                                    commune_cantho.pk, Decimal(1))
    # Each stage reached is a fact on its day (the progress pages count houses by stage from these).
    assert dict(RecordFact.objects.filter(source="campaigns.house", source_id=house.pk).values_list(
        "indicator", "day")) == {"campaign.houses.started": D(2025, 8, 1), "campaign.houses.completed": D(2025, 9, 15)}
    services.house_advance(actor=actor, house=house, to="handed_over", day=D(2025, 9, 20), on_behalf=True)
    house.refresh_from_db()
    assert (house.status, house.started_on, house.completed_on, house.handed_over_on) == (
        "handed_over", D(2025, 8, 1), D(2025, 9, 15), D(2025, 9, 20))
    actions = list(AuditEvent.objects.filter(target_type="campaigns.house", target_id=str(house.pk))
                   .values_list("action", flat=True))
    assert {"campaigns.house.created", "campaigns.house.started", "campaigns.house.completed",
            "campaigns.house.handed_over"} <= set(actions)
    assert RecordFact.objects.filter(source="campaigns.house", source_id=house.pk).count() == 3  # the three stages


def test_hand_over_before_start_refused(cantho_campaign, commune_cantho):
    house = make_house(cantho_campaign, commune_cantho)
    with pytest.raises(ValidationError) as caught:
        services.house_advance(actor=cantho_campaign.organiser, house=house, to="handed_over", day=D(2025, 8, 1),
                               on_behalf=True)
    assert "bàn giao nhà chưa hoàn thành" in caught.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as caught:
        services.house_advance(actor=cantho_campaign.organiser, house=house, to="completed", day=D(2025, 8, 1),
                               on_behalf=True)
    assert "chưa khởi công" in caught.value.message_dict["status"][0]
    house.refresh_from_db()
    assert house.status == "planned" and house.handed_over_on is None


def test_dates_must_follow_each_other(cantho_campaign, commune_cantho):
    actor = cantho_campaign.organiser
    house = make_house(cantho_campaign, commune_cantho)
    services.house_advance(actor=actor, house=house, to="started", day=D(2025, 8, 10), on_behalf=True)
    with pytest.raises(ValidationError) as caught:
        services.house_advance(actor=actor, house=house, to="completed", day=D(2025, 8, 1), on_behalf=True)
    assert "Ngày hoàn thành" in caught.value.message_dict["completed_on"][0]
    # Registering a handed-over house whose hand-over predates its start.
    with pytest.raises(ValidationError) as caught:
        make_house(cantho_campaign, commune_cantho, name="Trần Thị Tám", status="handed_over",
                   started_on=D(2025, 9, 1), completed_on=D(2025, 8, 1), handed_over_on=D(2025, 8, 5))
    errors = caught.value.message_dict
    assert "trước “ngày khởi công”" in errors["handed_over_on"][0]
    assert "completed_on" in errors
    assert House.objects.filter(beneficiary_name="Trần Thị Tám").count() == 0


def test_beneficiary_counted_once_per_campaign(cantho_campaign, commune_cantho):
    make_house(cantho_campaign, commune_cantho, name="Lê Văn Chín", beneficiary_address="Khu vực 3")
    with pytest.raises(ValidationError) as caught:
        make_house(cantho_campaign, commune_cantho, name="le van chin", beneficiary_address="Khu vuc 3")
    assert "không được tính hai lần" in caught.value.message_dict["beneficiary_name"][0]
    assert House.objects.filter(campaign=cantho_campaign).count() == 1


def test_bad_cost_unit_and_permissions(cantho_campaign, commune_cantho, unit, make_user):
    with pytest.raises(ValidationError) as caught:
        make_house(cantho_campaign, commune_cantho, unit_cost="-1")
    assert "Kinh phí" in caught.value.message_dict["unit_cost"][0]
    with pytest.raises(ValidationError) as caught:
        make_house(cantho_campaign, commune_cantho, unit_cost="1.5")
    assert "unit_cost" in caught.value.message_dict
    superuser = make_user(superuser=True)
    hanoi_commune = unit("VN-01-00004")
    with pytest.raises(ValidationError) as caught:
        services.house_create(actor=superuser, campaign=cantho_campaign, unit=hanoi_commune, beneficiary_name="X",
                              unit_cost="1000")
    assert "không tham gia" in caught.value.message_dict["unit"][0]
    with pytest.raises(PermissionDenied):
        services.house_create(actor=make_user("VN-01", "officer"), campaign=cantho_campaign, unit=commune_cantho,
                              beneficiary_name="Y", unit_cost="1000", on_behalf=True)
    assert House.objects.count() == 0


def test_concurrent_edit_refused(cantho_campaign, commune_cantho):
    house = make_house(cantho_campaign, commune_cantho)
    first = House.objects.get(pk=house.pk)
    second = House.objects.get(pk=house.pk)
    services.house_update(actor=cantho_campaign.organiser, house=first, expected_version=first.version,
                          on_behalf=True, funding_sources="Xã hội hóa 50 triệu")
    with pytest.raises(StaleRecordError):
        services.house_update(actor=cantho_campaign.organiser, house=second, expected_version=second.version,
                              on_behalf=True, funding_sources="Ngân sách")
    house.refresh_from_db()
    assert house.funding_sources == "Xã hội hóa 50 triệu"
    with pytest.raises(StaleRecordError):
        services.house_advance(actor=cantho_campaign.organiser, house=second, to="started", day=D(2025, 8, 1),
                               expected_version=1, on_behalf=True)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def test_photo_upload_checks(cantho_campaign, commune_cantho, settings):
    house = make_house(cantho_campaign, commune_cantho)
    actor = cantho_campaign.organiser
    photo = services.photo_add(actor=actor, house=house, upload=SimpleUploadedFile("nha.png", PNG), on_behalf=True)
    assert photo.content_type == "image/png" and photo.file.name.endswith(".png")
    assert "nha" not in photo.file.name.rsplit("/", 1)[-1]
    for name, data, fragment in [("nha.gif", b"GIF89a" + b"\x00" * 10, "Chỉ nhận tệp jpeg, jpg, png"),
                                 ("nha.jpg", PNG, "nội dung tệp không đúng với đuôi .jpg"),
                                 ("nha.png", b"<script>alert(1)</script>", "nội dung tệp không đúng với đuôi .png")]:
        with pytest.raises(ValidationError) as caught:
            services.photo_add(actor=actor, house=house, upload=SimpleUploadedFile(name, data), on_behalf=True)
        assert fragment in caught.value.message_dict["file"][0]
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as caught:
        services.photo_add(actor=actor, house=house, upload=SimpleUploadedFile("a.jpg", JPG), on_behalf=True)
    assert "quá lớn" in caught.value.message_dict["file"][0]
    assert HousePhoto.objects.count() == 1
