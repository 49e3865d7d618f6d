"""Personal API tokens: created on the profile page or by command, shown once, stored hashed, revocable."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.models import ApiToken
from danvan.accounts.tokens import api_token_create, hash_token
from danvan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_profile_creates_a_token_shown_once_and_stored_hashed(client_for, make_user):
    user = make_user("VN-92", "officer")
    client = client_for(user)
    response = client.post(reverse("accounts:profile"), {"name": "DHIS2 Cần Thơ", "expires_on": "2099-12-31"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    raw = response.context["new_token"][1]
    assert raw in response.content.decode() and raw.startswith("dv_")
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.expires_on == datetime.date(2099, 12, 31)
    again = client.get(reverse("accounts:profile"))
    assert raw not in again.content.decode() and "DHIS2 Cần Thơ" in again.content.decode()
    assert AuditEvent.objects.filter(action="accounts.apitoken.created", target_id=str(token.pk)).exists()


def test_token_authenticates_with_the_users_scope(client, make_user):
    user = make_user("VN-92", "viewer")
    _token, raw = api_token_create(actor=user, user=user, name="đọc")
    inside = client.get("/api/v1/reports/figures/?unit=VN-92&period=2023", **bearer(raw))
    assert inside.status_code == 200
    outside = client.get("/api/v1/reports/figures/?unit=VN-01&period=2023", **bearer(raw))
    assert outside.status_code == 404
    # A viewer's token cannot write, exactly like the viewer.
    write = client.post("/api/v1/reports/datavalues/", {"unit": "VN-92", "period": "2023", "indicator": "dialogue",
                                                        "value": "3"}, content_type="application/json",
                        **bearer(raw))
    assert write.status_code == 403
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_revoked_expired_wrong_and_missing_tokens_get_401(client, client_for, make_user):
    user = make_user("VN-92", "officer")
    token, raw = api_token_create(actor=user, user=user, name="cũ")
    assert client.get("/api/v1/reports/indicators/", **bearer(raw)).status_code == 200
    response = client_for(user).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    client.logout()
    revoked = client.get("/api/v1/reports/indicators/", **bearer(raw))
    assert revoked.status_code == 401 and revoked["WWW-Authenticate"].startswith("Bearer")
    assert revoked.json()["errors"][0]["code"] == "authentication_failed"
    expired, raw2 = api_token_create(actor=user, user=user, name="hết hạn")
    ApiToken.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get("/api/v1/reports/indicators/", **bearer(raw2)).status_code == 401
    assert client.get("/api/v1/reports/indicators/", **bearer("dv_nonsense")).status_code == 401
    assert client.get("/api/v1/reports/indicators/").status_code == 401
    _t, raw3 = api_token_create(actor=user, user=user, name="khóa")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/reports/indicators/", **bearer(raw3)).status_code == 401


def test_only_the_owner_revokes(client_for, make_user):
    owner = make_user("VN-92", "officer")
    other = make_user("VN-92", "unit_admin")
    token, _raw = api_token_create(actor=owner, user=owner, name="của tôi")
    response = client_for(other).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_command_prints_the_token_once(make_user, client):
    user = make_user("VN-92", "officer", username="dongbo")
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "dongbo", "--name", "DHIS2", "--expires", "2099-01-31", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert token.name == "DHIS2" and token.expires_on == datetime.date(2099, 1, 31)
    assert token.key_hash == hash_token(raw)
    assert client.get("/api/v1/reports/indicators/", **bearer(raw)).status_code == 200
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "dongbo", "--name", "x", "--expires", "31/01/2099", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("create_api_token", "khong-co", "--name", "x", stdout=io.StringIO())
