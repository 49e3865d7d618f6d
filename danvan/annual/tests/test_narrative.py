"""The figure sentences, from plain dicts shaped like the engine's `annual_figures` output."""

from decimal import Decimal

from danvan.annual.narrative import UnitFacts, area_word, build_blocks, build_narrative

NATION = UnitFacts(key="VN", name="Việt Nam", kind="nation", level="central")
HAU_GIANG = UnitFacts(key="VN-93", name="Tỉnh Hậu Giang", kind="province", level="province", type_name="Tỉnh")
CAN_THO = UnitFacts(key="VN-92", name="Thành phố Cần Thơ", kind="province", level="province", type_name="Thành phố")


def national_2023(previous=None):
    return {
        "unit": "VN", "year": 2023, "boundaries": "historical", "as_of": "2026-11-21T23:00:00+00:00",
        "figures": {
            "dvk.registered": 183676, "dvk.recognised.collective": 75340, "dvk.recognised.individual": 45282,
            "dvk.recognised": 120622, "conference.dissemination": 14342,
            "conference.dissemination.attendees": 949721, "competition": 281, "media": 3790,
            "commendation.collective": 12911, "commendation.individual": 18492, "dialogue": 0,
        },
        "by_level": {}, "by_child": [], "previous_year": previous or {},
    }


def test_seed_sentences_exact():
    text = "\n".join(build_narrative(national_2023(), NATION))
    assert ("Năm 2023, cả nước có 183.676 mô hình “Dân vận khéo” được đăng ký, trong đó, các cấp có thẩm quyền "
            "đã công nhận 120.622 mô hình, gồm 75.340 mô hình tập thể, 45.282 mô hình cá nhân.") in text
    assert ("Các cấp ủy, tổ chức đảng đã chỉ đạo, tổ chức 14.342 hội nghị với 949.721 lượt người tham dự để học "
            "tập, quán triệt") in text
    assert ("Có 281 cuộc thi, hội thi về CTDV, Dân vận khéo; 3.790 tin, bài, phóng sự về CTDV; 12.911 tập thể và "
            "18.492 cá nhân được khen thưởng") in text
    # no previous year: no comparison; zero dialogues: no dialogue sentence, never "0 cuộc"
    assert "So với năm" not in text
    assert "tổ chức 0" not in text and " 0 " not in text


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


def test_change_against_previous_year():
    data = {"year": 2023, "figures": {"dialogue": Decimal(143), "dvk.registered": 1123},
            "by_level": {"dialogue": {"commune": 143}}, "previous_year": {"dialogue": 130, "dvk.registered": 1000}}
    text = "\n".join(build_narrative(data, CAN_THO))
    # one level only: no split in brackets
    assert "Năm 2023, toàn thành phố tổ chức 143 cuộc, tăng 10% so với năm 2022." in text
    assert "So với năm 2022, số mô hình đăng ký tăng 12,3%." in text


def test_area_words():
    assert area_word(CAN_THO) == "toàn thành phố"
    assert area_word(HAU_GIANG) == "toàn tỉnh"
    assert area_word(UnitFacts("X", "Phường Ninh Kiều", "commune", "commune", "Phường")) == "toàn phường"
    assert area_word(UnitFacts("X", "Xã A", "commune", "commune", "Xã")) == "toàn xã"
    assert area_word(UnitFacts("X", "Huyện A", "district", "district", "Huyện")) == "toàn huyện"
    assert area_word(NATION) == "cả nước"


def test_partial_and_money_sentences():
    data = {"year": 2024, "figures": {"commendation.individual": 7, "campaign.money.received": 17_600_000_000,
                                      "campaign.houses.completed": 0, "petition.received": 200,
                                      "petition.resolved": 150},
            "by_level": {}, "previous_year": {}}
    text = "\n".join(build_narrative(data, HAU_GIANG))
    assert "Có 7 cá nhân được khen thưởng, biểu dương vì có thành tích trong CTDV." in text
    assert "vận động được 17,6 tỷ đồng ủng hộ" in text
    assert "căn nhà" not in text
    assert "tiếp nhận 200 đơn thư, kiến nghị của Nhân dân, đã giải quyết 150 đơn (đạt 75%)" in text


def test_empty_year_has_headings_and_placeholders_only():
    blocks = build_blocks({"year": 2020, "figures": {}, "by_level": {}, "previous_year": {}}, NATION)
    assert {b.kind for b in blocks} == {"heading", "placeholder"}
    assert blocks[0].text == "Phần thứ nhất. KẾT QUẢ CÔNG TÁC DÂN VẬN NĂM 2020"
    assert any(b.text == "Phần thứ hai. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2021" for b in blocks)


def test_user_text_replaces_placeholder():
    blocks = build_blocks(national_2023(), NATION, {"situation": "Dòng một.\n\nDòng hai."})
    situation = [b for b in blocks if b.section == "situation" and b.kind != "heading"]
    assert [b.text for b in situation] == ["Dòng một.", "Dòng hai."]
