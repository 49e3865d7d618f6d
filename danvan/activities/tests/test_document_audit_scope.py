"""A national document is read by every province; its page's history shows each reader only the entries of its
own subtree (issue 13, finding 5): Cần Thơ's request note, deadline and officer stay hidden from Hà Nội."""

import datetime

import pytest

from danvan.activities import services

pytestmark = pytest.mark.django_db

NOTE = "Ghi chú riêng của Cần Thơ về hội nghị quán triệt"


@pytest.fixture
def national_document(make_user, unit):
    clerk = make_user("VN", "officer", username="tw-vanthu")
    clerk.full_name = "Bùi Văn Văn Thư"
    clerk.save()
    return services.document_create(
        actor=clerk, unit=unit("VN"), symbol="25-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương", issued_on=datetime.date(2013, 6, 3),
        title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận")


def test_other_provinces_entries_stay_out_of_the_document_history(make_user, unit, national_document, client_for):
    cantho = make_user("VN-92", "officer", username="ct-canbo-vanban")
    cantho.full_name = "Phạm Thị Cần Thơ Riêng"
    cantho.save()
    services.requirement_set(actor=cantho, document=national_document, unit=unit("VN-92"), levels=["commune"],
                             deadline=datetime.date(2026, 3, 17), note=NOTE)
    hanoi = make_user("VN-01", "officer")
    page = client_for(hanoi).get(national_document.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "25-NQ/TW" in body
    for secret in (NOTE, "17/03/2026", "Phạm Thị Cần Thơ Riêng", "ct-canbo-vanban"):
        assert secret not in body, secret
    # Cần Thơ, and the central level above it, still read the whole entry
    for reader in (make_user("VN-92", "viewer"), make_user("VN", "viewer")):
        body = client_for(reader).get(national_document.get_absolute_url()).content.decode()
        assert NOTE in body and "Phạm Thị Cần Thơ Riêng" in body
    # the document's own events (registered at the national level) stay visible to every reader
    body = client_for(hanoi).get(national_document.get_absolute_url()).content.decode()
    assert "Bùi Văn Văn Thư đã tạo" in body
