import datetime

import pytest


@pytest.fixture
def people(make_user, commune_cantho):
    """The cast: Cần Thơ officer/approver/viewer, a commune officer, a Hà Nội officer, a central viewer."""
    return {
        "officer": make_user("VN-92", "officer", username="ct-officer"),
        "approver": make_user("VN-92", "approver", username="ct-approver"),
        "viewer": make_user("VN-92", "viewer", username="ct-viewer"),
        "commune": make_user(commune_cantho.key, "officer", username="nk-officer"),
        "hanoi": make_user("VN-01", "officer", username="hn-officer"),
        "central": make_user("VN", "viewer", username="tw-viewer"),
    }


@pytest.fixture
def new_case(people, unit):
    from danvan.petitions import services

    def make(actor=None, unit_key="VN-92", **kwargs):
        data = {
            "kind": "khieu_nai_1", "channel": "letter", "field": "dat_dai",
            "received_on": datetime.date(2025, 9, 1), "subject": "Khiếu nại bồi thường đất",
            "petitioners": [{"name": "Trần Văn Khiếu", "phone": "0909123456"}],
        }
        data.update(kwargs)
        return services.case_create(actor=actor or people["officer"], unit=unit(unit_key), **data)

    return make


DENOUNCER = "Lê Thị Bí Mật"
DENOUNCER_PHONE = "0987654321"
DENOUNCER_ID = "092190009999"
DENOUNCER_ADDRESS = "Hẻm 99 đường Bí Ẩn"
SECRETS = (DENOUNCER, DENOUNCER_PHONE, DENOUNCER_ID, DENOUNCER_ADDRESS)


@pytest.fixture
def denunciation(new_case, people):
    """A tố cáo received by the Cần Thơ officer (who therefore holds the identity right)."""
    return new_case(kind="to_cao", field="can_bo", subject="Tố cáo cán bộ địa chính nhận hối lộ",
                    content="Nội dung tố cáo chi tiết", petitioners=[{
                        "name": DENOUNCER, "phone": DENOUNCER_PHONE, "id_number": DENOUNCER_ID,
                        "address": DENOUNCER_ADDRESS}])
