"""The demo: a few Khmer people of prestige in Xã Lịch Hội Thượng (Cần Thơ, former Sóc Trăng), idempotent."""

import pytest

from danvan.prestige import demo
from danvan.prestige.models import Person, SupportEntry

pytestmark = pytest.mark.django_db


def test_demo_loads_people_and_support_once(make_user):
    from danvan.core.demo import load_accounts

    load_accounts()
    assert "5 người mới" in demo.load_demo_data()
    assert Person.objects.filter(unit__key="VN-92-31679").count() == 5
    assert Person.objects.filter(status="recognised").count() == 3
    assert SupportEntry.objects.count() == len(demo.SUPPORT)
    assert "0 người mới, 0 khoản hỗ trợ mới" in demo.load_demo_data()
    assert Person.objects.count() == 5
    so = Person.objects.get(external_ref="demo-nut-01")
    assert so.former_unit.key == "VN-94-951-31678" and so.authority_name == "Chủ tịch Ủy ban nhân dân Huyện Trần Đề"
