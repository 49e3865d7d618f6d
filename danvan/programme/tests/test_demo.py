import pytest

from danvan.core.demo import load_accounts
from danvan.programme import demo, selectors
from danvan.programme.models import Programme

pytestmark = pytest.mark.django_db


def test_demo_programmes_are_idempotent_and_count(unit):
    from danvan.annual import demo as annual_demo

    load_accounts()
    annual_demo.load_demo_data()
    assert "3 chương trình mới" in demo.load_demo_data()
    assert "0 chương trình mới" in demo.load_demo_data()
    central = Programme.objects.get(unit__key="TW-BTGDV", year=2026)
    assert central.status == "approved" and central.theme == "Năm Dân vận chính quyền"
    drafted = central.items.filter(source="part_two")
    assert drafted.count() == 5 and drafted.order_by("number").first().title.startswith("Tham mưu Bộ Chính trị")
    assert Programme.objects.filter(status="approved").count() == 3
    done = selectors.completion(unit=unit("VN"), period=2026)
    assert done["projects"] == 5 and done["by_assigner"]["bct_bbt"]["projects"] == 2
    assert selectors.completion(unit=unit("VN-92"), period=2026)["tasks"] == 6
