"""The gatekeeper matrix: who may read, write, approve and manage accounts where."""

import pytest

from danvan.accounts.permissions import APPROVE, MANAGE_ACCOUNTS, VIEW, WRITE, can, ensure_can, scope
from danvan.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(unit, commune_cantho):
    hanoi_commune = OrgUnit.objects.filter(parent__key="VN-01", valid_to__isnull=True).first()
    return {
        "VN": unit("VN"), "CT": unit("VN-92"), "CT_commune": commune_cantho, "HN": unit("VN-01"),
        "HN_commune": hanoi_commune, "HG_legacy": unit("VN-93"),
        "HG_legacy_commune": OrgUnit.objects.filter(path__startswith=unit("VN-93").path, kind="commune").first(),
    }


@pytest.mark.parametrize(
    "role, at, action, target, allowed",
    [
        # commune officer of Cần Thơ
        ("officer", "CT_commune", VIEW, "CT_commune", True),
        ("officer", "CT_commune", WRITE, "CT_commune", True),
        ("officer", "CT_commune", VIEW, "CT", False),
        ("officer", "CT_commune", VIEW, "HN_commune", False),
        ("officer", "CT_commune", WRITE, "HN_commune", False),
        ("officer", "CT_commune", APPROVE, "CT_commune", False),
        # provincial officer
        ("officer", "CT", VIEW, "CT_commune", True),
        ("officer", "CT", WRITE, "CT", True),
        ("officer", "CT", WRITE, "CT_commune", False),  # only on behalf
        ("officer", "CT", VIEW, "HG_legacy", True),  # Hậu Giang's territory is now in Cần Thơ
        ("officer", "CT", VIEW, "HG_legacy_commune", True),
        ("officer", "CT", VIEW, "HN", False),
        ("officer", "CT", WRITE, "HN", False),
        # provincial approver
        ("approver", "CT", APPROVE, "CT_commune", True),
        ("approver", "CT", APPROVE, "HN_commune", False),
        ("approver", "CT_commune", APPROVE, "CT", False),
        # viewer
        ("viewer", "VN", VIEW, "HN_commune", True),
        ("viewer", "VN", WRITE, "VN", False),
        ("viewer", "VN", APPROVE, "HN", False),
        # unit administrator
        ("unit_admin", "CT", MANAGE_ACCOUNTS, "CT_commune", True),
        ("unit_admin", "CT", MANAGE_ACCOUNTS, "HN", False),
        ("unit_admin", "CT", WRITE, "CT", False),
    ],
)
def test_permission_matrix(make_user, places, role, at, action, target, allowed):
    user = make_user(places[at].key, role)
    assert can(user, action, places[target]) is allowed


def test_on_behalf_entry_reaches_descendants_only(make_user, places):
    officer = make_user("VN-92", "officer")
    assert can(officer, WRITE, places["CT_commune"], on_behalf=True)
    assert can(officer, WRITE, places["HG_legacy_commune"], on_behalf=True)
    assert not can(officer, WRITE, places["HN_commune"], on_behalf=True)
    commune_officer = make_user(places["CT_commune"].key, "officer")
    assert not can(commune_officer, WRITE, places["CT"], on_behalf=True)


def test_inactive_anonymous_and_superuser(make_user, places, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    user = make_user("VN", "approver")
    user.is_active = False
    assert not can(user, VIEW, places["HN"])
    assert not can(AnonymousUser(), VIEW, places["HN"])
    root = make_user(None, superuser=True)
    assert can(root, APPROVE, places["HN_commune"]) and can(root, MANAGE_ACCOUNTS, places["VN"])


def test_ensure_can_raises_a_vietnamese_message(make_user, places):
    from django.core.exceptions import PermissionDenied

    viewer = make_user("VN-92", "viewer")
    with pytest.raises(PermissionDenied, match="không có quyền nhập"):
        ensure_can(viewer, WRITE, places["CT"])


def test_scope_filters_querysets_to_the_subtree(make_user, places):
    commune_officer = make_user(places["CT_commune"].key, "officer")
    visible = scope(OrgUnit.objects.all(), commune_officer)
    keys = set(visible.values_list("key", flat=True))
    assert places["CT_commune"].key in keys and "VN-92" not in keys and "VN-01" not in keys
    # legacy communes whose primary successor is this commune are visible too
    assert all(u.current_key == places["CT_commune"].key or u.key == places["CT_commune"].key for u in visible)
    provincial = scope(OrgUnit.objects.all(), make_user("VN-92", "viewer"))
    assert provincial.filter(key="VN-93").exists() and not provincial.filter(key="VN-01").exists()
    assert scope(OrgUnit.objects.all(), make_user("VN-92", "viewer"), WRITE).count() == 0
    assert list(scope(OrgUnit.objects.all(), make_user("VN-92", "officer"), WRITE)) == [places["CT"]]


def test_scope_refuses_models_without_a_declared_unit_field(make_user):
    from danvan.accounts.models import User

    with pytest.raises(TypeError):
        scope(User.objects.all(), make_user("VN", "viewer"))


def test_a_national_grant_lists_without_a_unit_filter_and_sees_exactly_the_same(make_user, places):
    """A grant on the tree's one root needs no filter over 14.136 units (issue 16), and sees what the filter kept:
    every unit, never a row without a unit, and nothing of a second root if one is ever added."""
    from danvan.accounts.permissions import visible_unit_ids
    from danvan.core.models import Tombstone
    from danvan.petitions.selectors import visible_cases

    national = make_user("VN", "viewer")
    assert visible_unit_ids(national) is None
    assert scope(OrgUnit.objects.all(), national).count() == OrgUnit.objects.count()
    Tombstone.objects.create(model="activities.activity", object_id=1, unit=None)
    assert not scope(Tombstone.objects.all(), national).filter(unit__isnull=True).exists()
    provincial = make_user("VN-92", "viewer")
    assert visible_unit_ids(provincial) is not None
    assert "WHERE" in str(visible_cases(provincial).query) and "WHERE" not in str(visible_cases(national).query)

    vn = places["VN"]
    second_root = OrgUnit.objects.create(
        key="TW", name="Khối cơ quan Trung ương", parent=None, path="TW/", current_path="TW/", kind=vn.kind,
        level=vn.level, depth=0, valid_from=vn.valid_from)
    national = make_user("VN", "viewer")  # grants and roots are read once per request (a new user object)
    assert visible_unit_ids(national) is not None
    assert not scope(OrgUnit.objects.all(), national).filter(pk=second_root.pk).exists()
    assert scope(OrgUnit.objects.all(), national).filter(pk=places["HN_commune"].pk).exists()
