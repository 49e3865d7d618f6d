"""Issue 10: a unit named as responsible for a commitment sees it, whoever recorded the dialogue."""

import datetime

import pytest

from danvan.accounts.permissions import can
from danvan.activities import services

pytestmark = pytest.mark.django_db


def test_responsible_commune_sees_commitments_of_a_provincial_dialogue(make_user, unit, make_activity,
                                                                       commune_cantho, client_for):
    province_officer = make_user("VN-92", "officer")
    dialogue = make_activity(province_officer, unit("VN-92"), "doi_thoai", title="Đối thoại với cử tri quý III",
                             start_date=datetime.date(2025, 7, 15))
    overdue = services.commitment_add(actor=province_officer, activity=dialogue, content="Nâng cấp tuyến đường",
                                      owner_unit=commune_cantho, deadline=datetime.date(2025, 8, 30))
    services.commitment_add(actor=province_officer, activity=dialogue, content="Khơi thông cống",
                            owner_unit=commune_cantho, deadline=datetime.date(2099, 1, 1))
    other = services.commitment_add(actor=province_officer, activity=dialogue, content="Việc của phường khác",
                                    owner_unit=unit("VN-92").children.exclude(pk=commune_cantho.pk)
                                    .filter(valid_to__isnull=True).first(),
                                    deadline=datetime.date(2099, 1, 1))
    commune_officer = make_user(commune_cantho.key, "officer")
    assert can(commune_officer, "view", overdue) and not can(commune_officer, "view", other)
    assert not can(commune_officer, "view", dialogue)  # the dialogue itself stays the province's
    assert not can(commune_officer, "write", overdue)
    client = client_for(commune_officer)
    page = client.get("/hoat-dong/cam-ket/").content.decode()
    assert "Nâng cấp tuyến đường" in page and "Khơi thông cống" in page
    assert "Việc của phường khác" not in page and "Không có cam kết nào." not in page
    assert "Nâng cấp tuyến đường" in client.get("/hoat-dong/cam-ket/?tinh_trang=qua_han").content.decode()
    assert "Khơi thông cống" not in client.get("/hoat-dong/cam-ket/?tinh_trang=qua_han").content.decode()
    home = client.get("/").content.decode()
    assert ('<span class="count">1</span> <a href="/hoat-dong/cam-ket/?tinh_trang=qua_han">'
            "Cam kết sau đối thoại quá hạn</a>") in home
