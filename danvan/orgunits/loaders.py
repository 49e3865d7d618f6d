"""Build the unit tree from the `vietnamadminunits` package (legacy 63/696/10.040 and 2025 34/3.321).

Keys (documented in README):
  VN                       the nation
  VN-<pp>                  a province; one unit for a province that continued through the reform
  VN-<pp>-<ddd>            a legacy district (ended 2025-06-30)
  VN-<pp>-<ddd>-<wwwww>    a legacy commune (ended 2025-06-30); the five island districts that had
                           no commune carry one commune-level unit with ward code 00000
  VN-<pp>-<wwwww>          a commune from 2025-07-01
  TW-<abbr>                a central non-territorial body
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from danvan.core.text import fold

from .models import LEGACY_END, REFORM_DATE, OrgUnit
from .services import SuccessionSpec, UnitSpec

K, L = OrgUnit.Kind, OrgUnit.Level
ISLAND_WARD_CODE = "00000"
BODIES_SPLIT_DATE_END = __import__("datetime").date(2025, 2, 2)
BODIES_SPLIT_DATE = __import__("datetime").date(2025, 2, 3)

# Central non-territorial bodies: (key, name, short name, kind, sector, valid_from, valid_to).
CENTRAL_BODIES = [
    ("TW-BDV", "Ban Dân vận Trung ương", "Ban Dân vận TW", K.COMMISSION, "cap_uy", None, BODIES_SPLIT_DATE_END),
    ("TW-BTGDV", "Ban Tuyên giáo và Dân vận Trung ương", "Ban TG&DV TW", K.COMMISSION, "cap_uy",
     BODIES_SPLIT_DATE, None),
    ("TW-DUK", "Đảng ủy Khối các cơ quan Trung ương", "ĐUK các cơ quan TW", K.PARTY_ORG, "cap_uy", None,
     BODIES_SPLIT_DATE_END),
    ("TW-DBCQD", "Đảng bộ các cơ quan Đảng Trung ương", "ĐB các cơ quan Đảng TW", K.PARTY_ORG, "cap_uy",
     BODIES_SPLIT_DATE, None),
    ("TW-DBCP", "Đảng bộ Chính phủ", "ĐB Chính phủ", K.PARTY_ORG, "cap_uy", BODIES_SPLIT_DATE, None),
    ("TW-DBQH", "Đảng bộ Quốc hội", "ĐB Quốc hội", K.PARTY_ORG, "cap_uy", BODIES_SPLIT_DATE, None),
    ("TW-DBMTTQ", "Đảng bộ Mặt trận Tổ quốc Việt Nam, các đoàn thể Trung ương", "ĐB MTTQ và các đoàn thể TW",
     K.PARTY_ORG, "cap_uy", BODIES_SPLIT_DATE, None),
    ("TW-MTTQ", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "UBTW MTTQ Việt Nam", K.FRONT, "mttq", None, None),
    ("TW-CD", "Tổng Liên đoàn Lao động Việt Nam", "Tổng LĐLĐ Việt Nam", K.ORGANISATION, "cong_doan", None, None),
    ("TW-HND", "Hội Nông dân Việt Nam", "Hội Nông dân VN", K.ORGANISATION, "nong_dan", None, None),
    ("TW-HLHPN", "Hội Liên hiệp Phụ nữ Việt Nam", "Hội LHPN Việt Nam", K.ORGANISATION, "phu_nu", None, None),
    ("TW-DTN", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "TW Đoàn TNCS HCM", K.ORGANISATION,
     "thanh_nien", None, None),
    ("TW-HCCB", "Hội Cựu chiến binh Việt Nam", "Hội CCB Việt Nam", K.ORGANISATION, "cuu_chien_binh", None, None),
    ("TW-HNCT", "Hội Người cao tuổi Việt Nam", "Hội NCT Việt Nam", K.ORGANISATION, "hoi_quan_chung", None, None),
    ("TW-CDV", "Cục Dân vận, Tổng cục Chính trị Quân đội nhân dân Việt Nam", "Cục Dân vận", K.ARMY,
     "luc_luong_vu_trang", None, None),
]
# The 2025 merger of central bodies: predecessor -> [(successor, primary)].
CENTRAL_SUCCESSIONS = {
    "TW-BDV": [("TW-BTGDV", True)],
    # Most of the former bloc's Party organisations were in state agencies (Resolution 04-NQ/ĐUK),
    # so its primary successor is the Government's Party organisation.
    "TW-DUK": [("TW-DBCP", True), ("TW-DBCQD", False), ("TW-DBQH", False), ("TW-DBMTTQ", False)],
}


def _package_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent


def _type_of(full_name: str) -> str:
    for prefix in ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Phường", "Xã"):
        if full_name.startswith(prefix):
            return prefix
    return ""


def _short(full_name: str) -> str:
    prefix = _type_of(full_name)
    return full_name[len(prefix):].strip() if prefix else full_name


def _slug(value: str) -> str:
    return fold(value or "").replace(" ", "")


def build_country() -> tuple[list[UnitSpec], list[SuccessionSpec]]:
    """All territorial units and central bodies, parents first, with their successions."""
    base = _package_dir()
    connection = sqlite3.connect(base / "data" / "dataset.db")
    legacy = connection.execute(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey, ward, wardCode, wardKey "
        "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    ).fetchall()
    current = connection.execute(
        "SELECT province, provinceCode, provinceKey, ward, wardCode, wardKey FROM admin_units "
        "ORDER BY provinceCode, wardCode"
    ).fetchall()
    connection.close()
    converter = json.loads((base / "data" / "converter_2025.json").read_text(encoding="utf-8"))

    specs: list[UnitSpec] = [UnitSpec(key="VN", name="Việt Nam", short_name="Cả nước", kind=K.NATION,
                                      level=L.CENTRAL, parent_key=None)]
    successions: list[SuccessionSpec] = []

    for key, name, short, kind, sector, start, end in CENTRAL_BODIES:
        specs.append(UnitSpec(key=key, name=name, short_name=short, kind=kind, level=L.CENTRAL, parent_key="VN",
                              sector_code=sector, valid_from=start, valid_to=end))
    for predecessor, targets in CENTRAL_SUCCESSIONS.items():
        for successor, primary in targets:
            successions.append(SuccessionSpec(predecessor, successor, primary))

    new_provinces = {}
    for name, code, pkey, *_ in current:
        new_provinces.setdefault(code, (name, pkey))
    new_code_by_pkey = {pkey: code for code, (_n, pkey) in new_provinces.items()}
    legacy_pkey_to_new_code = {}
    for new_pkey, old_pkeys in converter["DICT_PROVINCE"].items():
        for old in old_pkeys:
            legacy_pkey_to_new_code[old] = new_code_by_pkey[new_pkey]

    # Provinces
    legacy_provinces = {}
    for name, code, pkey, *_ in legacy:
        legacy_provinces.setdefault(code, (name, pkey))
    for code, (name, pkey) in legacy_provinces.items():
        if code in new_provinces:
            current_name = new_provinces[code][0]
            specs.append(UnitSpec(key=f"VN-{code}", name=current_name, short_name=_short(current_name),
                                  type_name=_type_of(current_name), kind=K.PROVINCE, level=L.PROVINCE,
                                  parent_key="VN", code=code, code_scheme="gso"))
        else:
            specs.append(UnitSpec(key=f"VN-{code}", name=name, short_name=_short(name), type_name=_type_of(name),
                                  kind=K.PROVINCE, level=L.PROVINCE, parent_key="VN", code=code,
                                  code_scheme="gso-legacy", valid_to=LEGACY_END))
            successions.append(SuccessionSpec(f"VN-{code}", f"VN-{legacy_pkey_to_new_code[pkey]}", True,
                                              "NQ 202/2025/QH15"))

    # Legacy districts and communes
    seen_districts = set()
    legacy_key_by_slug = {}
    for _pname, pcode, pkey, dname, dcode, dkey, wname, wcode, wkey in legacy:
        district_key = f"VN-{pcode}-{dcode}"
        if district_key not in seen_districts:
            seen_districts.add(district_key)
            specs.append(UnitSpec(key=district_key, name=dname, short_name=_short(dname), type_name=_type_of(dname),
                                  kind=K.DISTRICT, level=L.DISTRICT, parent_key=f"VN-{pcode}", code=dcode,
                                  code_scheme="gso-legacy", valid_to=LEGACY_END))
            successions.append(SuccessionSpec(district_key, f"VN-{legacy_pkey_to_new_code[pkey]}", True,
                                              "Kết thúc cấp huyện từ 01/7/2025"))
        if wcode:
            commune_key = f"{district_key}-{wcode}"
            specs.append(UnitSpec(key=commune_key, name=wname, short_name=_short(wname), type_name=_type_of(wname),
                                  kind=K.COMMUNE, level=L.COMMUNE, parent_key=district_key, code=wcode,
                                  code_scheme="gso-legacy", valid_to=LEGACY_END))
        else:
            commune_key = f"{district_key}-{ISLAND_WARD_CODE}"
            specs.append(UnitSpec(key=commune_key, name=dname, short_name=_short(dname), type_name=_type_of(dname),
                                  kind=K.COMMUNE, level=L.COMMUNE, parent_key=district_key, code="",
                                  code_scheme="", valid_to=LEGACY_END))
        legacy_key_by_slug[f"{pkey}_{dkey}_{wkey or ''}"] = commune_key

    # Communes from 2025-07-01
    new_key_by_slug = {}
    for _pname, pcode, pkey, wname, wcode, wkey in current:
        key = f"VN-{pcode}-{wcode}"
        specs.append(UnitSpec(key=key, name=wname, short_name=_short(wname), type_name=_type_of(wname),
                              kind=K.COMMUNE, level=L.COMMUNE, parent_key=f"VN-{pcode}", code=wcode,
                              code_scheme="gso-2025", valid_from=REFORM_DATE))
        new_key_by_slug[(pkey, _slug(wkey))] = key

    # Old -> new communes from the package's converter; whole merges are primary, and for a
    # divided commune the package's default new commune is primary.
    links: dict[str, dict[str, bool]] = {}
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_slugs in wards.items():
            new_key = new_key_by_slug[(new_pkey, _slug(new_wkey))]
            for old in old_slugs:
                if old in legacy_key_by_slug:
                    links.setdefault(legacy_key_by_slug[old], {})[new_key] = True
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in olds.items():
            if old not in legacy_key_by_slug:
                continue
            old_key = legacy_key_by_slug[old]
            for target in targets:
                new_key = new_key_by_slug.get((new_pkey, _slug(target["newWardKey"])))
                if new_key:
                    links.setdefault(old_key, {}).setdefault(new_key, bool(target["isDefaultNewWard"]))
    for old_key, targets in links.items():
        primaries = [k for k, primary in targets.items() if primary]
        chosen = primaries[0] if primaries else sorted(targets)[0]
        for new_key in sorted(targets):
            successions.append(SuccessionSpec(old_key, new_key, new_key == chosen,
                                              "" if len(targets) == 1 else "Nhập một phần"))
    return specs, successions


def former_province_names() -> list[tuple[str, str, str, str]]:
    """(key, former name, short name, type) of the provinces that kept their code in the 2025 reform but not
    their name (VN-91 Tỉnh Kiên Giang, now Tỉnh An Giang), used until 30/6/2025."""
    connection = sqlite3.connect(_package_dir() / "data" / "dataset.db")
    legacy = dict(connection.execute("SELECT DISTINCT provinceCode, province FROM admin_units_legacy").fetchall())
    current = dict(connection.execute("SELECT DISTINCT provinceCode, province FROM admin_units").fetchall())
    connection.close()
    return [(f"VN-{code}", legacy[code], _short(legacy[code]), _type_of(legacy[code]))
            for code in sorted(current) if code in legacy and legacy[code] != current[code]]
