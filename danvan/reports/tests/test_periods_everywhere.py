"""Issue 10, "done when": every period form is accepted in every place a period is typed.

The places (every form field, query parameter, URL segment and file column that takes a period): the figures
lookup (form, page URL, entry URL, export URL), the periodic reports ("Mở" form, entry URL, completeness
board, API list), the dashboards (page ?ky=, CSV, XLSX, API), the figures, data values, DHIS2 and annual
figures APIs, the activities list, statistics page, export and APIs, the petitions statistics page and API,
the campaign progress page, export and API, the annual report (chooser, URL, API, command) and the data-value
import file. Each takes "Quý 3/2026", "III/2026", "Q3/2026", "2026 Q3", "2026Q3", "6 tháng đầu năm 2026" and
"năm 2026" — where the place takes that kind of period (a quarterly report form takes quarters; the annual
report takes a year or the first half); otherwise, and for a period that cannot be read, it answers 400 with
a Vietnamese message — never a 500, never a 404 that reads like a missing permission.
"""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

FORMS = {"Quý 3/2026": "2026Q3", "III/2026": "2026Q3", "Q3/2026": "2026Q3", "2026 Q3": "2026Q3",
         "2026Q3": "2026Q3", "6 tháng đầu năm 2026": "2026S1", "năm 2026": "2026"}
LABELS = {"2026Q3": "quý III năm 2026", "2026S1": "6 tháng đầu năm 2026", "2026": "năm 2026"}
UNREADABLE = ["Quý 5/2026", "2026Q9", "hôm qua"]
ANY = {"year", "semester", "quarter", "month"}
QUARTER_ONLY, YEAR_ONLY, YEAR_OR_FIRST_HALF = {"quarter"}, {"year"}, {"year", "first_half"}


def _kind(code: str) -> str:
    if code.endswith("S1"):
        return "first_half"
    return "quarter" if "Q" in code else "year"


def _accepts(kinds: set[str], code: str) -> bool:
    kind = _kind(code)
    return kind in kinds or (kind == "first_half" and "semester" in kinds)


def _places(campaign_pk: int) -> list[tuple[str, callable, set[str]]]:
    """(name, typed -> (url, query), the kinds of period the place takes)."""
    unit = "VN-92"
    return [
        ("figures lookup form", lambda t: ("/bao-cao/", {"unit": unit, "period": t}), ANY),
        ("figures page URL", lambda t: (f"/bao-cao/so-lieu/{unit}/{t}/", {}), ANY),
        ("entry page URL", lambda t: (f"/bao-cao/nhap/{unit}/{t}/", {}), ANY),
        ("data values export URL", lambda t: (f"/bao-cao/xuat/{unit}/{t}/", {}), ANY),
        ("periodic report “Mở” form, quarterly", lambda t: ("/nop-bao-cao/", {
            "form": "dinh-ky-quy", "unit": unit, "period": t}), QUARTER_ONLY),
        ("periodic report “Mở” form, yearly", lambda t: ("/nop-bao-cao/", {
            "form": "tong-ket-nam", "unit": unit, "period": t}), YEAR_ONLY),
        ("periodic report entry URL", lambda t: (f"/nop-bao-cao/nhap/dinh-ky-quy/{unit}/{t}/", {}), QUARTER_ONLY),
        ("completeness board", lambda t: ("/nop-bao-cao/tinh-hinh/", {
            "unit": unit, "form": "dinh-ky-quy", "period": t}), QUARTER_ONLY),
        ("periodic reports API list", lambda t: ("/api/v1/submissions/reports/", {"period": t}), ANY),
        ("dashboard ?ky=", lambda t: (f"/bang-dieu-khien/{unit}/", {"ky": t}), ANY),
        ("dashboard CSV", lambda t: (f"/bang-dieu-khien/{unit}/xu-huong.csv", {"ky": t}), ANY),
        ("dashboard XLSX", lambda t: (f"/bang-dieu-khien/{unit}/xep-hang.xlsx", {"ky": t}), ANY),
        ("dashboard API", lambda t: (f"/api/v1/dashboards/{unit}/", {"ky": t}), ANY),
        ("figures API", lambda t: ("/api/v1/reports/figures/", {"unit": unit, "period": t}), ANY),
        ("data values API", lambda t: ("/api/v1/reports/datavalues/", {"period": t}), ANY),
        ("DHIS2 dataValueSets", lambda t: ("/api/v1/dataValueSets", {"orgUnit": unit, "period": t}), ANY),
        ("annual figures API", lambda t: (f"/api/v1/reports/annual/{unit}/{t}/", {}), YEAR_ONLY),
        ("activities list", lambda t: ("/hoat-dong/", {"ky": t}), ANY),
        ("activities statistics", lambda t: ("/hoat-dong/thong-ke/", {"don_vi": unit, "ky": t}), ANY),
        ("activities export", lambda t: ("/hoat-dong/xuat/", {"ky": t}), ANY),
        ("activities API", lambda t: ("/api/v1/activities/activities/", {"period": t}), ANY),
        ("activities summary API", lambda t: ("/api/v1/activities/activities/summary/", {
            "unit": unit, "period": t}), ANY),
        ("petitions statistics", lambda t: ("/don-thu/thong-ke/", {"unit": unit, "ky": t}), ANY),
        ("petitions statistics API", lambda t: ("/api/v1/petitions/cases/stats/", {"unit": unit, "period": t}), ANY),
        ("campaign progress", lambda t: (f"/van-dong/{campaign_pk}/", {"ky": t}), ANY),
        ("campaign progress export", lambda t: (f"/van-dong/{campaign_pk}/tien-do.csv", {"ky": t}), ANY),
        ("campaign progress API", lambda t: (f"/api/v1/campaigns/campaigns/{campaign_pk}/progress/", {
            "period": t}), ANY),
        ("annual report chooser", lambda t: ("/tong-ket/", {"unit": unit, "year": t}), YEAR_OR_FIRST_HALF),
        ("annual report URL", lambda t: (f"/tong-ket/{unit}/{t}/", {}), YEAR_OR_FIRST_HALF),
        ("annual report API", lambda t: (f"/api/v1/annual/{unit}/{t}/", {}), YEAR_OR_FIRST_HALF),
    ]


@pytest.fixture
def officer(make_user, unit):
    from danvan.campaigns import services

    user = make_user("VN-92", "officer")
    user.campaign = services.campaign_create(actor=user, unit=unit("VN-92"), name="Mái ấm Cần Thơ",
                                             start_date=datetime.date(2025, 7, 1), participant_root=unit("VN-92"))
    return user


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_every_period_form_in_every_place(officer, client_for):
    client = client_for(officer)
    failures = []
    for name, build, kinds in _places(officer.campaign.pk):
        for typed, code in FORMS.items():
            if "/" in typed and name in ("annual report URL", "annual report API"):
                continue  # a "/" cannot be part of one URL segment there; the chooser takes these forms
            url, query = build(typed)
            response = client.get(url, query)
            if _accepts(kinds, code):
                ok = response.status_code in (200, 302)
                if response.status_code == 302:
                    ok = code in response["Location"] or name == "annual report chooser" and (
                        response["Location"].rstrip("/").endswith(code))
                if response.get("Content-Type", "").startswith("application/json") and ok:
                    body = json.loads(_text(response))
                    ok = body.get("period", code) == code  # where the answer names the period, it is the code
            else:
                # A readable period of a kind this place does not take: 400, the message names it in words.
                ok = response.status_code == 400 and LABELS[code] in _text(response)
            if not ok:
                failures.append(f"{name}: {typed!r} -> {response.status_code} {response.get('Location', '')}")
        for typed in UNREADABLE:
            if "/" in typed and name in ("annual report URL", "annual report API"):
                continue
            url, query = build(typed)
            response = client.get(url, query)
            body = _text(response)
            if response.status_code != 400 or "Không đọc được kỳ báo cáo" not in body:
                failures.append(f"{name}: unreadable {typed!r} -> {response.status_code}")
            elif "Quý 3/2026" not in body:  # the message shows the accepted forms
                failures.append(f"{name}: unreadable {typed!r}: the accepted forms are not shown")
    assert not failures, "\n".join(failures)


def test_the_annual_report_command_and_the_import_file_take_them_too(officer, unit):
    from danvan.reports.importers import import_datavalues
    from danvan.reports.models import DataValue

    for typed in ("năm 2025", "6 tháng đầu năm 2026"):
        out = io.StringIO()
        call_command("annual_report", "VN-92", typed, "--format", "json", stdout=out)
        assert json.loads(out.getvalue())["unit"] == "VN-92"
    with pytest.raises(CommandError, match="quý III năm 2026"):
        call_command("annual_report", "VN-92", "Quý 3/2026", "--format", "json", stdout=io.StringIO())
    # One row per form, each for another commune of Cần Thơ (so no two periods of one unit overlap).
    from danvan.orgunits.models import OrgUnit

    communes = list(OrgUnit.objects.filter(parent__key="VN-92", valid_to__isnull=True).order_by("path")[:len(FORMS)])
    lines = ["unit,period,indicator,value"] + [f'{c.key},"{typed}",media,3' for c, typed in zip(communes, FORMS,
                                                                                             strict=True)]
    import_datavalues(actor=officer, data="\n".join(lines).encode(), file_name="ky.csv")
    stored = dict(DataValue.objects.filter(indicator_id="media", unit__in=communes).values_list("unit__key", "period"))
    assert stored == {c.key: code for c, code in zip(communes, FORMS.values(), strict=True)}


def test_year_fields_read_a_year_as_people_write_it(officer, client_for):
    client = client_for(officer)
    page = client.get("/mo-hinh/thong-ke/", {"don_vi": "VN-92", "nam": "năm 2024"})
    assert page.status_code == 200 and page.context["year"] == 2024
    counts = client.get("/api/v1/registry/counts/", {"unit": "VN-92", "year": "năm 2024"})
    assert counts.status_code == 200 and counts.json()["year"] == 2024
    bad = client.get("/api/v1/registry/counts/", {"unit": "VN-92", "year": "Quý 3/2024"})
    assert bad.status_code == 400
