"""The 54 ethnic groups are reference data loaded by migrate."""

import pytest

from danvan.prestige.ethnic_groups import ETHNIC_GROUPS
from danvan.prestige.importers import ethnic_resolver
from danvan.prestige.models import EthnicGroup

pytestmark = pytest.mark.django_db


def test_migrate_loads_the_54_official_ethnic_groups_with_their_codes():
    groups = list(EthnicGroup.objects.order_by("code"))
    assert len(groups) == 54
    assert [g.code for g in groups] == [f"{i:02d}" for i in range(1, 55)]
    by_code = {g.code: g.name for g in groups}
    assert by_code["01"] == "Kinh" and by_code["05"] == "Khmer" and by_code["08"] == "H'Mông"
    assert by_code["12"] == "Ê Đê" and by_code["52"] == "Brâu" and by_code["53"] == "Ơ Đu"
    assert by_code["54"] == "Rơ Măm"
    assert [g.code for g in groups if not g.is_minority] == ["01"]
    assert len({g.name for g in groups}) == 54
    assert [(c, n) for c, n, _o in ETHNIC_GROUPS] == [(g.code, g.name) for g in groups]


def test_imports_find_a_group_by_code_name_or_older_spelling_without_diacritics():
    find = ethnic_resolver()
    assert find("05").name == find("5").name == find("Khơ-me").name == find("khmer").name == "Khmer"
    assert find("Mông").name == find("HMông").name == find("h'mong").name == "H'Mông"
    assert find("ede").name == "Ê Đê"
    assert find("Gia-rai").name == "Gia Rai"
    assert find("Người Sao Hỏa") is None
