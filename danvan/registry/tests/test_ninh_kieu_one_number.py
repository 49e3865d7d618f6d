"""Issue 10, end to end: Phường Ninh Kiều registers 4 models in 2026 (one in Q3), then enters an aggregate
of 2 for 2026Q3 on the entry form. Every surface says 4 − 1 + 2 = 5."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

D = datetime.date


def test_every_surface_says_five(new_model, commune_officer, commune_cantho, make_user, client_for):
    for index, day in enumerate((D(2026, 2, 10), D(2026, 5, 3), D(2026, 8, 20), D(2026, 10, 5))):
        new_model(commune_officer, commune_cantho, name=f"Mô hình số {index + 1}", year=2026, registered_on=day)
    officer = client_for(commune_officer)
    saved = officer.post(f"/bao-cao/nhap/{commune_cantho.key}/2026Q3/", {"v_dvk.registered": "2"})
    assert saved.status_code == 302
    # The year value may not be entered over the quarter: the form names the quarter and the way out.
    refused = officer.post(f"/bao-cao/nhap/{commune_cantho.key}/2026/", {"v_dvk.registered": "9"})
    assert "quý III năm 2026" in refused.content.decode()

    viewer = client_for(make_user("VN-92", "viewer"))
    api = viewer.get("/api/v1/reports/figures/", {"unit": "VN-92", "period": "năm 2026",
                                                  "indicators": "dvk.registered"}).json()
    assert api["figures"]["dvk.registered"] == 5
    own = viewer.get("/api/v1/reports/figures/", {"unit": commune_cantho.key, "period": "2026",
                                                  "indicators": "dvk.registered"}).json()
    assert own["figures"]["dvk.registered"] == 5
    out = io.StringIO()
    call_command("annual_report", "VN-92", "2026", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["figures"]["dvk.registered"] == 5
    assert viewer.get("/api/v1/reports/annual/VN-92/2026/").json()["figures"]["dvk.registered"] == 5
    stats = viewer.get("/mo-hinh/thong-ke/", {"don_vi": "VN-92", "nam": 2026}).content.decode()
    assert '<div class="value">5</div><div class="label">lượt đăng ký' in stats
    home = client_for(make_user("VN-92", "officer")).get("/").content.decode()
    key_figure_row = home.split('<th scope="row">Mô hình “Dân vận khéo” được đăng ký', 1)[1].split("</tr>", 1)[0]
    assert key_figure_row.split('<td class="num">', 1)[1].startswith("5<")
    figures_page = viewer.get("/bao-cao/so-lieu/VN-92/2026/").content.decode()
    row = figures_page.split("Mô hình “Dân vận khéo” được đăng ký", 1)[1]
    assert "<strong>5</strong>" in row.split("</tr>", 1)[0]
    # Quarters: records of Q1, Q2, Q4 and the Q3 aggregate.
    quarters = [viewer.get("/api/v1/reports/figures/", {"unit": commune_cantho.key, "period": f"Quý {q}/2026",
                                                        "indicators": "dvk.registered"}).json()["figures"]
                ["dvk.registered"] for q in (1, 2, 3, 4)]
    assert quarters == [1, 1, 2, 1]
