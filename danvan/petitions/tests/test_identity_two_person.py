"""The denouncer-identity right needs two people (issue 13, finding 6): an approver requests it for *another*
user, and a second approver of the case's unit or a level above confirms it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.models import IdentityGrant, IdentityGrantRequest

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    return client.get(url).content.decode()


def test_an_approver_cannot_grant_the_right_to_itself(people, denunciation, client_for):
    approver = people["approver"]
    with pytest.raises(PermissionDenied):
        services.identity_request(actor=approver, case=denunciation, user=approver, reason="Tự xem")
    response = client_for(approver).post(reverse("petitions:identity_grant", args=[denunciation.pk]),
                                         {"username": "ct-approver", "reason": "Tự xem"})
    assert response.status_code == 403
    assert not IdentityGrantRequest.objects.exists()
    assert DENOUNCER not in page(client_for(approver), denunciation.get_absolute_url())


def test_one_approver_alone_never_gives_the_right(people, make_user, denunciation, client_for):
    approver, viewer = people["approver"], people["viewer"]
    request = services.identity_request(actor=approver, case=denunciation, user=viewer, reason="Xác minh")
    assert request.status == "pending"
    assert not IdentityGrant.objects.filter(user=viewer).exists()
    assert DENOUNCER not in page(client_for(viewer), denunciation.get_absolute_url())
    # the requester cannot confirm their own request, through the service or the page
    with pytest.raises(PermissionDenied):
        services.identity_confirm(actor=approver, request=request)
    response = client_for(approver).post(reverse("petitions:identity_request_decide",
                                                 args=[request.pk, "xac-nhan"]))
    assert response.status_code == 403
    assert not IdentityGrant.objects.filter(user=viewer).exists()
    # nor can the grantee, even when the grantee is an approver too
    colleague = make_user("VN-92", "approver", username="ct-approver-3")
    second = services.identity_request(actor=approver, case=denunciation, user=colleague, reason="Phối hợp")
    with pytest.raises(PermissionDenied):
        services.identity_confirm(actor=colleague, request=second)
    assert not IdentityGrant.objects.filter(user=colleague).exists()


def test_unit_admin_raising_itself_then_granting_itself_is_refused_twice(people, make_user, unit, denunciation):
    """The finding's path: a unit administrator raises itself to approver, then grants itself the right."""
    from danvan.accounts.services import membership_grant

    admin = make_user("VN-92", "unit_admin", username="ct-admin")
    with pytest.raises(PermissionDenied):
        membership_grant(actor=admin, user=admin, unit=unit("VN-92"), role="approver")
    with pytest.raises(PermissionDenied):
        services.identity_request(actor=admin, case=denunciation, user=admin, reason="x")
    assert not IdentityGrant.objects.filter(user=admin).exists()


def test_second_approver_of_the_unit_or_the_level_above_confirms(people, make_user, denunciation, client_for):
    approver, viewer = people["approver"], people["viewer"]
    central = make_user("VN", "approver", username="tw-approver")
    request = services.identity_request(actor=approver, case=denunciation, user=viewer, reason="Xác minh")
    # the level above sees it in its queue and on the case page, with the buttons
    queue = page(client_for(central), reverse("petitions:identity_requests"))
    assert denunciation.tracking_code in queue and "ct-viewer" in queue
    assert "Xác nhận" in page(client_for(central), denunciation.get_absolute_url())
    # the requester's queue does not hold its own request
    assert denunciation.tracking_code not in page(client_for(approver), reverse("petitions:identity_requests"))
    response = client_for(central).post(reverse("petitions:identity_request_decide", args=[request.pk, "xac-nhan"]),
                                        {"next": "list"})
    assert response.status_code == 302
    grant = IdentityGrant.objects.get(case=denunciation, user=viewer)
    assert (grant.granted_by, grant.confirmed_by) == (approver, central)
    assert DENOUNCER in page(client_for(viewer), denunciation.get_absolute_url())
    actions = list(AuditEvent.objects.filter(target_id=str(denunciation.pk), action__startswith="petitions.identity")
                   .values_list("action", "actor__username"))
    assert ("petitions.identity.requested", "ct-approver") in actions
    assert ("petitions.identity.granted", "tw-approver") in actions
    # a decided request cannot be decided again
    with pytest.raises(ValidationError):
        services.identity_refuse(actor=central, request=request)


def test_another_provinces_approver_cannot_confirm(people, make_user, denunciation, client_for):
    request = services.identity_request(actor=people["approver"], case=denunciation, user=people["viewer"],
                                        reason="Xác minh")
    hanoi = make_user("VN-01", "approver")
    with pytest.raises(PermissionDenied):
        services.identity_confirm(actor=hanoi, request=request)
    response = client_for(hanoi).post(reverse("petitions:identity_request_decide", args=[request.pk, "xac-nhan"]))
    assert response.status_code == 404
    assert not IdentityGrant.objects.filter(user=people["viewer"]).exists()


def test_refuse_and_withdraw_give_no_right(people, make_user, denunciation, client_for):
    approver, viewer = people["approver"], people["viewer"]
    second = make_user("VN-92", "approver")
    request = services.identity_request(actor=approver, case=denunciation, user=viewer, reason="Xác minh")
    client_for(second).post(reverse("petitions:identity_request_decide", args=[request.pk, "tu-choi"]),
                            {"note": "Không cần thiết"})
    request.refresh_from_db()
    assert request.status == "refused" and request.decided_by == second
    again = services.identity_request(actor=approver, case=denunciation, user=viewer, reason="Lần hai")
    assert again.pk != request.pk
    services.identity_refuse(actor=approver, request=again)
    again.refresh_from_db()
    assert again.status == "withdrawn"
    assert not IdentityGrant.objects.filter(user=viewer).exists()
    assert AuditEvent.objects.filter(action="petitions.identity.request_refused", actor=second).exists()
    assert AuditEvent.objects.filter(action="petitions.identity.request_withdrawn", actor=approver).exists()


def test_api_request_then_confirm(people, make_user, denunciation, client_for):
    second = make_user("VN-92", "approver")
    client = client_for(people["approver"])
    url = f"/api/v1/petitions/cases/{denunciation.pk}/"
    response = client.post(url + "grant-identity/", {"username": "ct-viewer", "reason": "Xác minh"},
                           content_type="application/json")
    assert response.status_code == 202 and response.json()["status"] == "pending"
    request_id = response.json()["id"]
    assert client.post(url + "confirm-identity/", {"request": request_id},
                       content_type="application/json").status_code == 403
    assert not IdentityGrant.objects.filter(user=people["viewer"]).exists()
    response = client_for(second).post(url + "confirm-identity/", {"request": request_id},
                                       content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    assert IdentityGrant.objects.filter(user=people["viewer"], confirmed_by=second).exists()


def test_reason_is_required(people, denunciation):
    with pytest.raises(ValidationError):
        services.identity_request(actor=people["approver"], case=denunciation, user=people["viewer"], reason=" ")
