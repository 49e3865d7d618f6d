"""The drafted sentences, from plain dicts shaped like the engine's `annual_figures` output."""

from decimal import Decimal

import pytest

from danvan.annual.narrative import (
    UnitFacts,
    area_word,
    build_blocks,
    build_narrative,
    commission,
    dvk,
    front,
    government,
    party,
)
from danvan.annual.narrative.words import Context, n0, percent

NATION = UnitFacts(key="VN", name="Việt Nam", kind="nation", level="central")
HAU_GIANG = UnitFacts(key="VN-93", name="Tỉnh Hậu Giang", kind="province", level="province", type_name="Tỉnh")
CAN_THO = UnitFacts(key="VN-92", name="Thành phố Cần Thơ", kind="province", level="province", type_name="Thành phố",
                    commission="Ban Tuyên giáo và Dân vận")
DUK = UnitFacts(key="TW-DUK", name="Đảng ủy Khối các cơ quan Trung ương", kind="party_org", level="central")
FRONT = UnitFacts(key="TW-MTTQ", name="Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", kind="front", level="central")
COMMUNE = UnitFacts(key="VN-92-31117", name="Phường Ninh Kiều", kind="commune", level="commune", type_name="Phường",
                    commission="Ban Tuyên giáo và Dân vận")


def national_2023(previous=None):
    return {
        "unit": "VN", "year": 2023, "boundaries": "historical", "as_of": "2026-11-21T23:00:00+00:00",
        "figures": {
            "dvk.registered": 183676, "dvk.recognised.collective": 75340, "dvk.recognised.individual": 45282,
            "dvk.recognised": 120622, "conference.dissemination": 14342,
            "conference.dissemination.attendees": 949721, "competition": 281, "media": 3790,
            "commendation.collective": 12911, "commendation.individual": 18492, "dialogue": 0,
        },
        "by_level": {}, "by_child": [], "previous_year": previous,
    }


def test_seed_sentences_exact():
    text = "\n".join(build_narrative(national_2023(), NATION))
    assert ("Năm 2023, cả nước có 183.676 mô hình “Dân vận khéo” được đăng ký, trong đó, các cấp có thẩm quyền "
            "đã công nhận 120.622 mô hình, gồm 75.340 mô hình tập thể, 45.282 mô hình cá nhân") in text
    assert ("Các cấp ủy, tổ chức đảng đã chỉ đạo, tổ chức 14.342 hội nghị với 949.721 lượt người tham dự để học "
            "tập, quán triệt") in text
    assert ("Có 281 cuộc thi, hội thi về CTDV, Dân vận khéo; 3.790 tin, bài, phóng sự về CTDV; 12.911 tập thể và "
            "18.492 cá nhân được khen thưởng") in text
    # zero dialogues: no dialogue sentence, never "0 cuộc"
    assert "tổ chức 0" not in text and " 0 " not in text


def test_previous_year_null_never_gives_a_change():
    """`previous_year: null` (no data at all) and missing figures say so instead of "giảm 100%"."""
    text = "\n".join(build_narrative(national_2023(previous=None), NATION))
    assert "chưa có số liệu so sánh với năm 2022" in text
    assert "100%" not in text and "giảm" not in text and "tăng" not in text
    data = national_2023(previous={"dvk.registered": None, "conference.dissemination": 0})
    text = "\n".join(build_narrative(data, NATION))
    assert "số mô hình đăng ký chưa có số liệu so sánh với năm 2022" in text
    # a real 0 the year before: the absolute change, no rate
    assert "số hội nghị tăng 14.342 hội nghị so với năm 2022." in text


def test_missing_current_figures_are_left_out():
    data = {"year": 2023, "figures": {"dialogue": None, "petition.received": None, "dvk.registered": None},
            "by_level": {"dialogue": {"province": None}}, "previous_year": {"dialogue": 12}}
    blocks = build_blocks(data, HAU_GIANG)
    assert {b.kind for b in blocks} == {"heading", "placeholder"}
    assert "None" not in " ".join(b.text for b in blocks)


def test_recognised_sum_when_formula_missing():
    data = national_2023()
    del data["figures"]["dvk.recognised"]
    assert "đã công nhận 120.622 mô hình" in "\n".join(build_narrative(data, NATION))


def test_dialogue_split_by_level_hau_giang():
    data = {"year": 2023, "figures": {"dialogue": 143},
            "by_level": {"dialogue": {"province": 5, "district": 23, "commune": 115, "central": 0}},
            "previous_year": {}}
    text = "\n".join(build_narrative(data, HAU_GIANG))
    assert "Năm 2023, toàn tỉnh tổ chức 143 cuộc (trong đó cấp tỉnh 5 cuộc, cấp huyện 23 cuộc, cấp xã 115 cuộc)" in text


def test_absolute_change_with_percentage():
    data = {"year": 2023, "figures": {"dialogue": Decimal(143), "dvk.registered": 18_404},
            "by_level": {"dialogue": {"commune": 143}}, "previous_year": {"dialogue": 130, "dvk.registered": 17_200}}
    text = "\n".join(build_narrative(data, CAN_THO))
    # one level only: no split in brackets
    assert "Năm 2023, toàn thành phố tổ chức 143 cuộc, tăng 13 cuộc (10,0%) so với năm 2022." in text
    assert "có 18.404 mô hình “Dân vận khéo” được đăng ký, tăng 1.204 mô hình (7,0%) so với năm 2022." in text
    data["previous_year"]["dialogue"] = 150
    assert "giảm 7 cuộc (4,7%) so với năm 2022" in "\n".join(build_narrative(data, CAN_THO))


def test_leading_zero_for_small_counts_of_collectives():
    assert n0(1) == "01" and n0(7) == "07" and n0(10) == "10" and n0(1204) == "1.204"
    assert percent(Decimal("0.07")) == "7,0%" and percent(Decimal("0.991")) == "99,1%"
    data = {"year": 2024, "figures": {"commendation.collective": 5, "commendation.individual": 7},
            "by_level": {}, "previous_year": {},
            "commendation_forms": {"Bằng khen của Thủ tướng Chính phủ": 5, "Cờ thi đua của Chính phủ": 2}}
    text = "\n".join(build_narrative(data, HAU_GIANG))
    assert "05 tập thể và 7 cá nhân được khen thưởng" in text
    assert "Trong đó có 05 Bằng khen của Thủ tướng Chính phủ, 02 Cờ thi đua của Chính phủ." in text


def test_abbreviation_spelled_out_at_first_use_only():
    text = "\n".join(build_narrative(national_2023(), NATION))
    assert text.count("công tác dân vận (CTDV)") == 1
    assert text.index("công tác dân vận (CTDV)") < text.index("về CTDV, Dân vận khéo")


def test_campaigns_credited_to_the_body_that_ran_them():
    data = {"year": 2022, "figures": {"campaign.money.received": 17_600_000_000}, "by_level": {},
            "previous_year": {}}
    duk = "\n".join(build_narrative(data, DUK))
    assert "Các cấp ủy, tổ chức đảng, cơ quan, đơn vị trong Đảng ủy Khối các cơ quan Trung ương vận động được " \
           "17,6 tỷ đồng" in duk
    assert "(MTTQ)" not in duk and "các cấp vận động" not in duk
    province = "\n".join(build_narrative(data, HAU_GIANG))
    assert "Mặt trận Tổ quốc (MTTQ) và các tổ chức chính trị - xã hội các cấp vận động được 17,6 tỷ đồng" in province


def test_each_campaign_credited_to_its_organiser():
    text = "\n".join(build_narrative(FULL, HAU_GIANG))
    assert ("Ủy ban MTTQ Việt Nam tỉnh Hậu Giang tổ chức cuộc vận động “Vì người nghèo”: vận động được 4 tỷ đồng, "
            "đạt 80,0% kế hoạch 5 tỷ đồng; xây dựng 5.000 căn nhà, trong đó 4.830 căn đã hoàn thành và bàn giao sử "
            "dụng, 170 căn còn lại.") in text
    assert ("Hội Nông dân tỉnh Hậu Giang tổ chức phong trào thi đua “Nông dân giỏi”: vận động được 120 triệu đồng; "
            "xây dựng 12 căn nhà, đã hoàn thành và bàn giao sử dụng toàn bộ.") in text


def test_registers_documents_hotspots_projects():
    text = "\n".join(build_narrative(FULL, HAU_GIANG))
    assert "Cấp ủy đã ban hành 01 nghị quyết và 07 văn bản lãnh đạo, chỉ đạo về công tác dân vận (CTDV)." in text
    assert "đã chỉ đạo sơ kết 03 văn bản, tổng kết 01 văn bản việc thực hiện" in text
    assert ("Các cấp theo dõi, chỉ đạo giải quyết 02 điểm nóng, vụ việc khiếu kiện đông người (trong đó 01 vụ khiếu "
            "kiện đông người, 01 vụ việc phát sinh trong năm 2023).") in text
    assert ("Ban Dân vận chủ trì tham mưu xây dựng 33 đề án (trong đó 17 đề án Bộ Chính trị, Ban Bí thư giao); đã "
            "hoàn thành 20 đề án.") in text
    quiet = {**FULL, "registers": {"hotspots": {"total": 0, "mass": 0, "new": 0}}}
    assert "Trong năm 2023, trên địa bàn không xảy ra khiếu kiện đông người, điểm nóng." in \
        "\n".join(build_narrative(quiet, HAU_GIANG))
    # no petitions kept here: an empty hotspot register proves nothing, nothing is said
    silent = {**quiet, "figures": {"dialogue": 3}}
    assert "không xảy ra" not in "\n".join(build_narrative(silent, HAU_GIANG))


def test_term_and_decade_totals():
    decade = {**FULL, "year": 2020, "multi_year": {"first": 2011, "last": 2020, "span": 10,
                                                   "totals": {"dvk.registered": 903_412, "dvk.recognised": 600_000}}}
    assert ("10 năm qua (2011–2020), cả nước có hơn 903.000 mô hình “Dân vận khéo” được đăng ký, 600.000 mô hình được "
            "công nhận.") in "\n".join(build_narrative(decade, NATION))
    term = {**FULL, "year": 2025, "multi_year": {"first": 2021, "last": 2025, "span": 5,
                                                 "totals": {"dvk.registered": 8_000}}}
    assert "Nhiệm kỳ 2021–2025, toàn tỉnh có 8.000 mô hình “Dân vận khéo” được đăng ký." in \
        "\n".join(build_narrative(term, HAU_GIANG))


def test_area_words():
    assert area_word(CAN_THO) == "toàn thành phố"
    assert area_word(HAU_GIANG) == "toàn tỉnh"
    assert area_word(UnitFacts("X", "Phường Ninh Kiều", "commune", "commune", "Phường")) == "toàn phường"
    assert area_word(UnitFacts("X", "Huyện A", "district", "district", "Huyện")) == "toàn huyện"
    assert area_word(NATION) == "cả nước" and area_word(DUK) == "toàn Đảng bộ"


def test_partial_and_money_sentences():
    data = {"year": 2024, "figures": {"commendation.individual": 7, "campaign.money.received": 17_600_000_000,
                                      "campaign.houses.completed": 0, "petition.received": 200,
                                      "petition.resolved": 150},
            "by_level": {}, "previous_year": {}}
    text = "\n".join(build_narrative(data, HAU_GIANG))
    assert "Có 7 cá nhân được khen thưởng, biểu dương vì có thành tích trong công tác dân vận (CTDV)." in text
    assert "vận động được 17,6 tỷ đồng ủng hộ" in text
    assert "căn nhà" not in text
    assert "tiếp nhận 200 đơn thư, kiến nghị của Nhân dân, đã giải quyết 150 đơn, đạt 75,0%" in text


def test_outlines_follow_the_body():
    empty = {"year": 2022, "figures": {}, "by_level": {}, "previous_year": {}}
    titles = [b.text for b in build_blocks(empty, NATION) if b.kind == "heading"]
    assert titles[0] == "KẾT QUẢ CÔNG TÁC DÂN VẬN NĂM 2022" and "III. HOẠT ĐỘNG CỦA BAN DÂN VẬN" in titles
    assert "2. Công tác dân vận của chính quyền" in titles and titles[-1] == "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023"
    labels = [b.label for b in build_blocks(empty, NATION) if b.label]
    assert labels == ["PHẦN THỨ NHẤT", "PHẦN THỨ HAI"]
    # the Đảng ủy Khối has no government of its own
    duk = [b.text for b in build_blocks(empty, DUK) if b.kind == "heading"]
    assert not any("chính quyền" in t for t in duk)
    assert "2. Công tác dân vận trong cơ quan, đơn vị và dân vận của ngành" in duk
    assert "3. Công tác dân vận của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội" in duk
    # after the 2025 merger the section carries the commission's new name
    can_tho = [b.text for b in build_blocks({**empty, "year": 2025}, CAN_THO) if b.kind == "heading"]
    assert "III. HOẠT ĐỘNG CỦA BAN TUYÊN GIÁO VÀ DÂN VẬN" in can_tho
    front_titles = [b.text for b in build_blocks(empty, FRONT) if b.kind == "heading"]
    assert "2. Các cuộc vận động, phong trào thi đua" in front_titles and "III. HẠN CHẾ, NGUYÊN NHÂN VÀ BÀI HỌC " \
        "KINH NGHIỆM" in front_titles
    assert any("Ban Tuyên giáo và Dân vận".upper() in t for t in
               (b.text for b in build_blocks({**empty, "year": 2026}, COMMUNE)))
    # a unit that ended before the next year: no Part Two
    ended = [b.text for b in build_blocks(empty, HAU_GIANG, with_next=False) if b.kind == "heading"]
    assert not any("PHƯƠNG HƯỚNG" in t for t in ended)


def test_six_month_outline():
    data = {"year": 2026, "figures": {"dialogue": 40}, "by_level": {}, "previous_year": {"dialogue": 32}}
    blocks = build_blocks(data, CAN_THO, half=1)
    titles = [b.text for b in blocks if b.kind == "heading"]
    assert titles[0] == "KẾT QUẢ CÔNG TÁC DÂN VẬN 6 THÁNG ĐẦU NĂM 2026"
    assert titles[-1] == "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026"
    assert "6 tháng đầu năm 2026, toàn thành phố tổ chức 40 cuộc, tăng 8 cuộc (25,0%) so với cùng kỳ năm 2025." in \
        " ".join(b.text for b in blocks)


def test_empty_year_has_headings_and_placeholders_only():
    blocks = build_blocks({"year": 2020, "figures": {}, "by_level": {}, "previous_year": {}}, NATION)
    assert {b.kind for b in blocks} == {"heading", "placeholder"}
    assert all(b.text.startswith("[Nội dung do đơn vị bổ sung") for b in blocks if b.kind == "placeholder")


def test_user_text_replaces_placeholder():
    blocks = build_blocks(national_2023(), NATION, {"situation": "Dòng một.\n\nDòng hai."})
    situation = [b for b in blocks if b.section == "situation" and b.kind != "heading"]
    assert [b.text for b in situation] == ["Dòng một.", "Dòng hai."]


# --- every template sentence, read aloud ----------------------------------------------------------

FULL = {"year": 2023,
        "figures": {"dvk.registered": 18_404, "dvk.recognised.collective": 6, "dvk.recognised.individual": 12,
                    "dvk.recognised": 18, "conference.dissemination": 7, "conference.dissemination.attendees": 950,
                    "dialogue": 143, "competition": 3, "media": 45, "commendation.collective": 5,
                    "commendation.individual": 9, "petition.received": 200, "petition.resolved": 190,
                    "campaign.money.received": 17_600_000_000, "campaign.houses.completed": 4_830},
        "by_level": {"dialogue": {"province": 5, "district": 23, "commune": 115}},
        "previous_year": {"dvk.registered": 17_200, "conference.dissemination": 6, "dialogue": 130,
                          "petition.received": 180, "campaign.money.received": 15_000_000_000,
                          "campaign.houses.completed": 5_000},
        "commendation_forms": {"Bằng khen của Thủ tướng Chính phủ": 5},
        "registers": {"documents": {"nghị quyết": 1, "kế hoạch": 5, "hướng dẫn": 2},
                      "commission_documents": {"hướng dẫn": 5, "kế hoạch": 3},
                      "reviews": {"so_ket": 3, "tong_ket": 1}, "hotspots": {"total": 2, "mass": 1, "new": 1},
                      "projects": {"total": 33, "top": 17, "done": 20},
                      "inspections": {"count": 6, "attendees": None}, "trainings": {"count": 3, "attendees": 450},
                      "petitions": {"received": 210, "resolved": 190, "on_time": 185, "late": 5, "overdue_open": 2}},
        "campaigns": [
            {"organiser": "Ủy ban MTTQ Việt Nam tỉnh Hậu Giang", "kind": "Cuộc vận động",
             "name": "Vì người nghèo", "money_received": 4_000_000_000, "money_target": 5_000_000_000,
             "houses_total": 5_000, "houses_done": 4_830, "houses_remaining": 170},
            {"organiser": "Hội Nông dân tỉnh Hậu Giang", "kind": "Phong trào thi đua", "name": "Nông dân giỏi",
             "money_received": 120_000_000, "money_target": None, "houses_total": 12, "houses_done": 12,
             "houses_remaining": 0}]}
VARIANTS = [
    ("all figures", FULL),
    ("no attendees, registered only, received only", {**FULL, "figures": {
        "conference.dissemination": 7, "dvk.registered": 10, "petition.received": 3, "commendation.collective": 2},
        "registers": {"documents": {"kế hoạch": 2}, "hotspots": {"total": 0, "mass": 0, "new": 0},
                      "projects": {"total": 3, "top": 0, "done": 0}, "trainings": {"count": 1, "attendees": None},
                      "petitions": {"received": 3, "resolved": 3, "on_time": 3, "late": 0, "overdue_open": 0}},
        "multi_year": {"first": 2021, "last": 2025, "span": 5, "totals": {"dvk.registered": 20_500}}}),
    ("recognised only, individual commended only", {**FULL, "figures": {
        "dvk.recognised.individual": 4, "commendation.individual": 2, "campaign.houses.completed": 3},
        "registers": {"documents": {}, "commission_documents": {"hướng dẫn": 2}, "reviews": {"tong_ket": 2},
                      "petitions": {"received": 0, "resolved": 0, "on_time": 0, "late": 0, "overdue_open": 4}},
        "multi_year": {"first": 2011, "last": 2020, "span": 10,
                       "totals": {"dvk.registered": 900, "dvk.recognised": 450}}}),
]
TEMPLATES = {name: value for module in (party, government, front, dvk, commission)
             for name, value in vars(module).items() if name.startswith(("T_", "BODY_", "SUBJECT"))}


@pytest.mark.parametrize("label, data", VARIANTS)
@pytest.mark.parametrize("unit", [NATION, HAU_GIANG, DUK, COMMUNE])
def test_every_template_sentence_reads_cleanly(label, data, unit):
    """Render each section's sentences for several bodies: no leftover placeholders, None or doubled words."""
    text = "\n".join(build_narrative(data, unit, placeholders=False))
    for bad in ("%(", "None", "  ", " ,", " .", "..", ",,", "( "):
        assert bad not in text, (label, bad, text)


def test_fixture_uses_every_template():
    """The variants above reach every sentence template of every section module."""
    used = set()
    for _label, data in VARIANTS:
        for unit in (NATION, HAU_GIANG, DUK, COMMUNE, FRONT):
            text = "\n".join(build_narrative(data, unit, placeholders=False))
            for name, template in TEMPLATES.items():
                head = str(template).split("%(")[0].strip()
                if head and head in text:
                    used.add(name)
                elif not head:
                    used.add(name)  # starts with a value: covered through the sentence that uses it
    assert set(TEMPLATES) - used == set()


def test_petitions_on_time_late_and_overdue_at_the_period_end():
    """II.2 from the petitions register: on time with the rate, late, and what was still overdue on the period's
    last day; "không còn" only when the register shows cases resolved and none overdue."""
    data = {**FULL, "period_end": "2023-12-31"}
    text = " ".join(government.paragraphs(Context(data=data, unit=HAU_GIANG, year=2023)))
    assert ("Trong số đơn, vụ việc đã giải quyết trong năm 2023, có 185 đơn giải quyết đúng hạn (97,4%), 5 đơn giải "
            "quyết quá hạn.") in text
    assert "Đến ngày 31/12/2023, còn 2 đơn, vụ việc quá hạn giải quyết" in text
    clean = {**data, "registers": {"petitions": {"resolved": 4, "on_time": 4, "late": 0, "overdue_open": 0}}}
    text = " ".join(government.paragraphs(Context(data=clean, unit=HAU_GIANG, year=2023)))
    assert "có 4 đơn giải quyết đúng hạn (100,0%)." in text and "không còn đơn, vụ việc quá hạn" in text
    half = {**data, "period_end": "2026-06-30"}
    text = " ".join(government.paragraphs(Context(data=half, unit=CAN_THO, year=2026, half=1)))
    assert "trong 6 tháng đầu năm 2026" in text and "Đến ngày 30/06/2026" in text
    assert "đúng hạn" not in " ".join(government.paragraphs(Context(data={**FULL, "registers": {}}, unit=HAU_GIANG,
                                                                         year=2023)))


def test_commission_section_from_the_records():
    """III: advice to the cấp ủy and the commission's own documents, inspections, training, projects."""
    text = " ".join(commission.paragraphs(Context(data=FULL, unit=HAU_GIANG, year=2023)))
    assert ("Ban Dân vận đã tham mưu cấp ủy ban hành 05 kế hoạch, 02 hướng dẫn, 01 nghị quyết về công tác dân vận "
            "(CTDV); ban hành theo thẩm quyền 05 hướng dẫn, 03 kế hoạch.") in text
    assert "Chủ trì, phối hợp tổ chức 06 cuộc kiểm tra, giám sát" in text
    assert "Tổ chức 03 lớp tập huấn nghiệp vụ CTDV với 450 lượt cán bộ tham dự." in text
    nation = " ".join(commission.paragraphs(Context(data=FULL, unit=NATION, year=2023)))
    assert "tham mưu Bộ Chính trị, Ban Bí thư ban hành" in nation
    commune = " ".join(commission.paragraphs(Context(data=FULL, unit=COMMUNE, year=2026)))
    assert commune.startswith("Ban Tuyên giáo và Dân vận đã tham mưu")  # the name given by UnitFacts
    assert commission.paragraphs(Context(data={"figures": {}, "registers": {}}, unit=HAU_GIANG, year=2023)) == []
