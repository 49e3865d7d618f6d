import pytest

from danvan.commendations import demo, selectors
from danvan.commendations.models import Commendation
from danvan.core.demo import load_accounts

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_counts(unit):
    load_accounts()
    assert "12" in demo.load_demo_data()
    assert demo.load_demo_data() == "Khen thưởng: 0 hồ sơ mới."
    assert Commendation.objects.filter(external_ref__startswith="demo-").count() == 12
    medal = Commendation.objects.get(external_ref="demo-kt-tw-hcld")
    assert medal.award_display == "Huân chương Lao động hạng Ba" and medal.status == "decided"
    assert Commendation.objects.filter(form__code="bang_khen_ttcp", period_start_year=2015,
                                       period_end_year=2020).count() == 5
    # 2020 at national level: 1 Huân chương + 5 Bằng khen of the Prime Minister, all collectives
    assert selectors.count_commended(unit=unit("VN"), year=2020) == {"collective": 6, "individual": 0}
    # Hậu Giang's 2023 award counts for Cần Thơ only on today's boundaries
    assert selectors.count_commended(unit=unit("VN-92"), year=2023)["individual"] == 0
    assert selectors.count_commended(unit=unit("VN-92"), year=2023, boundaries="current")["individual"] == 1
