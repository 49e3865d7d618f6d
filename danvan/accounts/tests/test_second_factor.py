"""Second factor (issue 13): TOTP and recovery codes for approvers, unit administrators, editors and superusers,
enforced on every signed-in page, the Wagtail and Django admins and the API token page; API tokens still work."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts import otp
from danvan.accounts.tokens import api_token_create
from danvan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def otp_required(settings):
    settings.OTP_REQUIRED = True


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def code_of(device) -> str:
    device.refresh_from_db()
    return otp.current_code(device)[0]


@pytest.mark.parametrize("role", ["approver", "unit_admin", "editor"])
def test_roles_that_need_it_reach_no_page_without_a_code(client_for, make_user, role):
    client = client_for(make_user("VN-92", role))
    for url in ("/", reverse("accounts:profile"), reverse("petitions:case_list"), "/bien-tap/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:otp_enrol")), url
    api = client.get("/api/v1/reports/indicators/")
    assert api.status_code == 403 and api.json()["errors"][0]["code"] == "second_factor_required"
    # a POST (creating an API token on the profile page) is held back too
    assert client.post(reverse("accounts:profile"), {"name": "x"}).status_code == 302
    assert client.get(reverse("accounts:otp_enrol")).status_code == 200


def test_superuser_and_django_admin(client_for, make_user):
    root = make_user(None, superuser=True)
    root.is_staff = True
    root.save()
    enrolled(root)
    client = client_for(root)
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))


def test_officers_and_viewers_need_no_code(client_for, make_user):
    for role in ("officer", "viewer"):
        assert client_for(make_user("VN-92", role)).get("/").status_code == 200


def test_enrolment_shows_qr_and_secret_then_confirms_with_a_code(client_for, make_user):
    user = make_user("VN-92", "approver")
    client = client_for(user)
    page = client.get(reverse("accounts:otp_enrol") + "?next=/don-thu/").content.decode()
    assert 'src="data:image/svg+xml' in page  # drawn here, nothing fetched from elsewhere
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert secret == otp.secret_text(device).replace(" ", "")
    wrong = client.post(reverse("accounts:otp_enrol"), {"token": "000000" if code_of(device) != "000000" else "1"})
    assert "Mã không đúng" in wrong.content.decode()
    response = client.post(reverse("accounts:otp_enrol"), {"token": code_of(device), "next": "/don-thu/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200  # the session is verified
    assert AuditEvent.objects.filter(action="accounts.otp.enrolled", actor=user).exists()


def test_sign_in_with_password_then_code(client, make_user):
    user = make_user("VN-92", "approver", username="ct-lanhdao")
    device = enrolled(user)
    response = client.post(reverse("accounts:login"), {"username": "ct-lanhdao", "password": "pw-danvan-123"})
    assert response.status_code == 302
    response = client.get(reverse("petitions:case_list"))
    assert response["Location"] == reverse("accounts:otp_verify") + "?next=%2Fdon-thu%2F"
    bad = client.post(reverse("accounts:otp_verify"), {"token": "12345", "next": "/don-thu/"})
    assert bad.status_code == 200 and "Mã không đúng" in bad.content.decode()
    device.throttle_reset()
    good = client.post(reverse("accounts:otp_verify"), {"token": code_of(device), "next": "/don-thu/"})
    assert good.status_code == 302 and good["Location"] == "/don-thu/"
    assert client.get(reverse("accounts:profile")).status_code == 200
    # signing out ends the verification with the session
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "ct-lanhdao", "password": "pw-danvan-123"})
    assert client.get("/").status_code == 302


def test_an_enrolled_app_cannot_be_replaced_with_the_password_alone(client_for, make_user):
    user = make_user("VN-92", "unit_admin")
    enrolled(user)
    response = client_for(user).get(reverse("accounts:otp_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_recovery_code_works_once(client_for, make_user):
    user = make_user("VN-92", "editor")
    device = enrolled(user)
    client = client_for(user)
    client.get(reverse("accounts:otp_verify"))
    # codes are made at enrolment; make them here for an enrolled device as a verified user would
    client.post(reverse("accounts:otp_verify"), {"token": code_of(device)})
    codes = client.post(reverse("accounts:otp_recovery_codes")).context["codes"]
    assert StaticToken.objects.filter(device__user=user).count() == 10
    client.post(reverse("accounts:logout"))
    client = client_for(user)
    assert client.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post(reverse("accounts:logout"))
    client = client_for(user)
    again = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert again.status_code == 200 and client.get("/").status_code == 302


def test_api_tokens_keep_working_for_scripts(client, make_user):
    user = make_user("VN-92", "approver")
    enrolled(user)
    _token, raw = api_token_create(actor=user, user=user, name="đồng bộ")
    response = client.get("/api/v1/reports/indicators/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    # another scheme beside an unverified session cookie does not get past the second factor
    client.force_login(user)
    response = client.get("/api/v1/reports/indicators/", HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")
    assert response.status_code == 403 and response.json()["errors"][0]["code"] == "second_factor_required"
    # a wrong token is a 401, never the session's user
    assert client.get("/api/v1/reports/indicators/", HTTP_AUTHORIZATION="Bearer dv_wrong").status_code == 401


def test_unit_admin_resets_anothers_second_factor_not_its_own(client_for, make_user):
    admin = make_user("VN-92", "unit_admin")
    enrolled(admin)
    approver = make_user("VN-92", "approver")
    enrolled(approver)
    client = client_for(admin)
    device = TOTPDevice.objects.get(user=admin)
    client.post(reverse("accounts:otp_verify"), {"token": code_of(device)})
    assert client.post(reverse("accounts:otp_reset_user", args=[admin.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=admin).exists()
    response = client.post(reverse("accounts:otp_reset_user", args=[approver.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert AuditEvent.objects.filter(action="accounts.otp.reset", actor=admin).exists()
    # another province's administrator does not see the account at all
    hanoi = make_user("VN-01", "unit_admin")
    enrolled(hanoi)
    other = client_for(hanoi)
    other.post(reverse("accounts:otp_verify"), {"token": code_of(TOTPDevice.objects.get(user=hanoi))})
    assert other.post(reverse("accounts:otp_reset_user", args=[admin.pk])).status_code == 404


def test_switched_off(settings, client_for, make_user):
    settings.OTP_REQUIRED = False
    assert client_for(make_user("VN-92", "approver")).get("/").status_code == 200


def test_demo_otp_prints_the_code_of_demo_accounts_only(make_user):
    from danvan.core.demo import DEMO_PASSWORD

    demo = make_user("VN-92", "approver", username="cantho.lanhdao")
    demo.set_password(DEMO_PASSWORD)
    demo.save()
    device = enrolled(demo)
    out = io.StringIO()
    call_command("demo_otp", "cantho.lanhdao", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == otp.current_code(device)[0]
    make_user("VN-92", "approver", username="real.person")
    with pytest.raises(CommandError):
        call_command("demo_otp", "real.person", stdout=io.StringIO())
    demo.set_password("another-password-2026")
    demo.save()
    with pytest.raises(CommandError):
        call_command("demo_otp", "cantho.lanhdao", stdout=io.StringIO())
