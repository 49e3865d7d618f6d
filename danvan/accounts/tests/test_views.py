"""Login, logout, password change, home page, unit pages and account management through the UI."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from danvan.accounts.models import Membership, User
from danvan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_home_and_logout(client, make_user):
    make_user("VN-92", "officer", username="canbo")
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": "pw-danvan-123"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Thành phố Cần Thơ" in home.content.decode()
    client.post(reverse("accounts:logout"))
    after = client.get(reverse("home"))  # readers get the public portal at "/"
    assert "Đăng nhập cán bộ" in after.content.decode()
    assert client.get(reverse("orgunits:browse")).status_code == 302


def test_pages_require_login(client):
    for name in ("orgunits:browse", "accounts:user_list", "portal:moderation"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_login_is_rate_limited_after_repeated_failures(client, make_user, settings):
    cache.clear()
    settings.LOGIN_RATE_LIMIT = 3
    make_user("VN-92", "officer", username="target")
    for _ in range(3):
        response = client.post(reverse("accounts:login"), {"username": "target", "password": "wrong"})
        assert "không đúng" in response.content.decode()
    blocked = client.post(reverse("accounts:login"), {"username": "target", "password": "pw-danvan-123"})
    assert blocked.status_code == 200 and "quá nhiều lần" in blocked.content.decode()
    cache.clear()


def test_password_change(client_for, make_user):
    user = make_user("VN-92", "officer")
    client = client_for(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "pw-danvan-123", "new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-mới-2026")


def test_unit_page_shows_path_children_and_successors(client_for, make_user):
    client = client_for(make_user("VN-92", "viewer"))
    page = client.get(reverse("orgunits:detail", args=["VN-93"]) + "?ngay=01/06/2023").content.decode()
    assert "Tỉnh Hậu Giang" in page and "Thành phố Cần Thơ" in page  # successor
    assert "Thành phố Vị Thanh" in page  # a district in 2023
    assert "30/06/2025" in page


def test_unit_outside_scope_is_not_found(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    assert client.get(reverse("orgunits:detail", args=["VN-01"])).status_code == 404
    assert client.get(reverse("orgunits:detail", args=["NO-SUCH"])).status_code == 404


def test_unit_search_ignores_diacritics_and_scope(client_for, make_user):
    client = client_for(make_user("VN-92", "viewer"))
    page = client.get(reverse("orgunits:browse"), {"q": "hau giang", "ngay": "all"}).content.decode()
    assert "Tỉnh Hậu Giang" in page
    hanoi = client.get(reverse("orgunits:browse"), {"q": "ba dinh", "ngay": "all"}).content.decode()
    assert "Phường Ba Đình" not in hanoi


def test_unit_admin_creates_account_in_subtree_only(client_for, make_user, commune_cantho):
    admin = make_user("VN-92", "unit_admin")
    client = client_for(admin)
    response = client.post(reverse("accounts:user_create"), {
        "username": "moi.canbo", "full_name": "Cán bộ Mới", "password": "Mat-khau-rat-dai-1",
        "unit_key": commune_cantho.key, "role": "officer"})
    assert response.status_code == 302
    created = User.objects.get(username="moi.canbo")
    assert Membership.objects.filter(user=created, unit=commune_cantho, role="officer").exists()
    assert AuditEvent.objects.filter(action="accounts.membership.granted", actor=admin).exists()
    refused = client.post(reverse("accounts:user_create"), {
        "username": "hn.canbo", "full_name": "Hà Nội", "password": "Mat-khau-rat-dai-1",
        "unit_key": "VN-01", "role": "officer"})
    assert refused.status_code == 403
    assert not User.objects.filter(username="hn.canbo").exists()


def test_officer_cannot_manage_accounts(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_deactivating_a_user_is_audited_and_blocks_access(client, client_for, make_user):
    target = make_user("VN-92", "officer")
    target_client = client.__class__()
    target_client.force_login(target)
    admin_client = client_for(make_user("VN-92", "unit_admin"))
    admin_client.post(reverse("accounts:user_toggle_active", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active is False
    assert AuditEvent.objects.filter(action="accounts.user.deactivated", target_id=str(target.pk)).exists()
    assert target_client.get(reverse("orgunits:browse")).status_code == 302


def test_demo_load_is_idempotent_and_logins_work(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    from danvan.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    assert User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)
    assert Membership.objects.filter(user__username="ninhkieu.canbo").count() == 1
    assert client.login(username="cantho.lanhdao", password=DEMO_PASSWORD)


def test_session_ends_after_the_absolute_lifetime(client_for, make_user, settings):
    import time

    from danvan.core.middleware import AbsoluteSessionLifetimeMiddleware

    client = client_for(make_user("VN-92", "officer"))
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[AbsoluteSessionLifetimeMiddleware.KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get(reverse("orgunits:browse")).status_code == 302


def test_home_page_panels_render_as_html_and_years_are_not_grouped(client_for, make_user):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    page = client_for(make_user("VN-92", "approver")).get(reverse("home")).content.decode()
    assert "('Hoạt động" not in page and "&lt;div" not in page
    assert "Việc cần làm" in page and "Số liệu chính năm" in page and "Tổng kết năm" in page
    assert "năm 2.0" not in page
