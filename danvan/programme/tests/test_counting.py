"""The engine's indicators programme.tasks, programme.tasks.done, project.assigned, project.done: the counting
rule, the roll-up to the province and the nation, the split by who assigned them, and what the annual report's
narrative, the dashboard and the API show from them."""

import datetime

import pytest

from danvan.programme import facts, selectors, services
from danvan.programme.models import ProgrammeItem
from danvan.reports import selectors as engine

pytestmark = pytest.mark.django_db
D = datetime.date
K, A, S = ProgrammeItem.Kind, ProgrammeItem.AssignedBy, ProgrammeItem.Status


def figures(unit, period="2025", boundaries="historical"):
    return engine.figures(unit=unit, period=period, indicators=facts.CODES, boundaries=boundaries)


@pytest.fixture
def cantho_programmes(programme_with, record, commune_cantho):
    """Cần Thơ: 2 tasks (1 done) and 3 projects (2 of the Politburo / Secretariat, both done; 1 of the unit);
    Phường Ninh Kiều: 1 task (done), 1 project of the cấp ủy (open), 1 task dropped."""
    province = programme_with("VN-92", 2025, [
        ("Sơ kết quy chế dân vận", K.TASK, A.PARTY_COMMITTEE), ("Giao ban hằng quý", K.TASK, A.UNIT),
        ("Đề án tổng kết Kết luận 114", K.PROJECT, A.POLITBURO), ("Đề án dân vận chính quyền", K.PROJECT, A.POLITBURO),
        ("Đề án cộng tác viên", K.PROJECT, A.UNIT)])
    items = {i.title: i for i in province.items.all()}
    for title in ("Sơ kết quy chế dân vận", "Đề án tổng kết Kết luận 114", "Đề án dân vận chính quyền"):
        record(items[title])
    commune = programme_with(commune_cantho.key, 2025, [
        ("Vận động vệ sinh môi trường", K.TASK), ("Đề án chỉnh trang đô thị", K.PROJECT, A.PARTY_COMMITTEE),
        ("Nhiệm vụ dừng", K.TASK)])
    items = {i.title: i for i in commune.items.all()}
    record(items["Vận động vệ sinh môi trường"])
    record(items["Nhiệm vụ dừng"], S.DROPPED)
    return province, commune


def test_counts_roll_up_to_the_province_and_the_nation(cantho_programmes, unit, commune_cantho, programme_with,
                                                       record):
    assert figures(commune_cantho) == {"programme.tasks": 1, "programme.tasks.done": 1, "project.assigned": 1,
                                       "project.done": 0}
    expected = {"programme.tasks": 3, "programme.tasks.done": 2, "project.assigned": 4, "project.done": 2}
    assert figures(unit("VN-92")) == expected
    assert figures(unit("VN")) == expected
    # the central Ban's programme adds to the nation only
    central = programme_with("TW-BTGDV", 2025, [("Đề án Bộ Chính trị giao", K.PROJECT, A.POLITBURO)])
    record(central.items.get())
    assert figures(unit("VN"))["project.done"] == 3 and figures(unit("VN-92"))["project.done"] == 2
    split = engine.breakdowns(unit=unit("VN"), period="2025", indicators=["project.assigned", "project.done"],
                              by="category")
    assert split == {"project.assigned": {"bct_bbt": 3, "cap_uy": 1, "don_vi": 1},
                     "project.done": {"bct_bbt": 3}}
    # a quarter counts the items due in it: all are due on 30/6, but Phường Ninh Kiều exists from 1/7/2025, so
    # its items count from its first day
    assert figures(unit("VN-92"), "2025Q2")["programme.tasks"] == 2
    assert figures(unit("VN-92"), "2025Q3")["programme.tasks"] == 1


def test_only_approved_programmes_count_and_a_reopened_one_stops_counting(programme_with, root, unit, record):
    programme = programme_with("VN-92", 2025, [("Một", K.TASK), ("Hai", K.PROJECT)], approve=False)
    assert figures(unit("VN-92")) == dict.fromkeys(facts.CODES, 0)
    services.programme_approve(actor=root, programme=programme)
    assert figures(unit("VN-92"))["programme.tasks"] == 1
    record(programme.items.get(kind=K.PROJECT))
    assert figures(unit("VN-92"))["project.done"] == 1
    services.programme_reopen(actor=root, programme=programme, reason="Bổ sung")
    assert figures(unit("VN-92")) == dict.fromkeys(facts.CODES, 0)
    services.programme_approve(actor=root, programme=programme)
    assert figures(unit("VN-92"))["project.done"] == 1


def test_the_fact_day_stays_inside_the_programme_year(programme_with, root, unit):
    programme = programme_with("VN-92", 2025, approve=False)
    late = services.item_create(actor=root, programme=programme, title="Hạn sang năm sau", deadline=D(2026, 3, 31))
    open_ended = services.item_create(actor=root, programme=programme, title="Không có hạn")
    services.programme_approve(actor=root, programme=programme)
    programme.refresh_from_db()
    assert facts.item_facts(late, programme)[0].day == D(2025, 12, 31)
    assert facts.item_facts(open_ended, programme)[0].day == D(2025, 12, 31)
    assert figures(unit("VN-92"))["programme.tasks"] == 2 and figures(unit("VN-92"), "2026")["programme.tasks"] == 0


def test_completion_selector_and_counts_api(cantho_programmes, unit, client_for, make_user):
    done = selectors.completion(unit=unit("VN-92"), period=2025)
    assert (done["tasks"], done["tasks_done"], done["projects"], done["projects_done"]) == (3, 2, 4, 2)
    assert done["by_assigner"]["bct_bbt"]["projects"] == 2 and done["by_assigner"]["bct_bbt"]["projects_done"] == 2
    nothing = selectors.completion(unit=unit("VN-01"), period=2025)
    assert nothing["tasks"] is None and nothing["projects_done"] is None  # no data is not 0
    client = client_for(make_user("VN-92", "viewer"))
    body = client.get("/api/v1/programme/counts/?unit=VN-92&year=2025").json()
    assert body["projects"] == 4 and body["by_assigned_by"]["bct_bbt"] == {
        "tasks": 0, "tasks_done": 0, "projects": 2, "projects_done": 2}
    assert client.get("/api/v1/programme/counts/?unit=VN-01&year=2025").status_code == 404


def test_annual_report_narrative_writes_the_completion_sentence(cantho_programmes, unit):
    from danvan.annual.selectors import build_payload

    payload = build_payload(unit=unit("VN-92"), year=2025)
    text = "\n".join(payload["narrative"])
    assert ("Thực hiện Chương trình công tác năm 2025, đã hoàn thành 2/3 nhiệm vụ trọng tâm; hoàn thành 02/04 đề án "
            "(trong đó 02 đề án Bộ Chính trị, Ban Bí thư giao).") in text
    commission = [b for b in payload["blocks"] if b["section"] == "commission" and b["kind"] == "figures"]
    assert any("Chương trình công tác" in b["text"] for b in commission)
    # no programme, no sentence (and never "0/0")
    assert "Chương trình công tác năm" not in "\n".join(build_payload(unit=unit("VN-01"), year=2025)["narrative"])


def test_narrative_for_33_of_33_projects(unit):
    from danvan.annual.narrative import programme as sentences
    from danvan.annual.narrative.words import Context

    class Unit:
        commission = "Ban Dân vận"

    ctx = Context(data={"figures": {"project.assigned": 33, "project.done": 33}, "unit": "NOWHERE"}, unit=Unit(),
                  year=2018)
    assert sentences.paragraphs(ctx) == ["Thực hiện Chương trình công tác năm 2018, đã hoàn thành 33/33 đề án."]


def test_narrative_names_the_politburo_projects(programme_with, record, unit):
    from danvan.annual.narrative import programme as sentences
    from danvan.annual.narrative.words import Context

    titles = [(f"Đề án {i}", K.PROJECT, A.POLITBURO if i <= 17 else A.UNIT) for i in range(1, 34)]
    programme = programme_with("TW-BTGDV", 2025, titles)
    for item in programme.items.all():
        record(item)
    data = {"figures": figures(unit("TW-BTGDV")), "unit": "TW-BTGDV", "boundaries": "historical"}
    assert sentences.paragraphs(Context(data=data, unit=None, year=2025)) == [
        "Thực hiện Chương trình công tác năm 2025, đã hoàn thành 33/33 đề án (trong đó 17 đề án Bộ Chính trị, "
        "Ban Bí thư giao)."]


def test_dashboard_chart_shows_the_completion(cantho_programmes, client_for, make_user):
    client = client_for(make_user("VN-92", "viewer"))
    chart = client.get("/api/v1/dashboards/VN-92/chuong-trinh/?ky=2025&dia_gioi=lich-su").json()
    assert chart["rows"][:2] == [["Nhiệm vụ trọng tâm", 3, 2], ["Đề án", 4, 2]]
    assert ["Đề án — Bộ Chính trị, Ban Bí thư", 2, 2] in chart["rows"]
    page = client.get("/bang-dieu-khien/VN-92/?ky=2025&dia_gioi=lich-su")
    assert 'id="bieu-do-chuong-trinh"' in page.content.decode()
