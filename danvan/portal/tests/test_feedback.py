"""Reader feedback: defences, moderation queue, what readers see (never the e-mail)."""

import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import override_settings

from danvan.portal import services
from danvan.portal.models import BlockedSender, Feedback


def _old_token(seconds=60):
    return signing.dumps(time.time() - seconds, salt=services.FORM_SALT)


def _post(client, page, **data):
    payload = {"name": "Nguyễn Văn Đọc", "email": "doc@example.vn", "text": "Bài viết hay, cảm ơn ban biên tập.",
               "website": "", "token": _old_token()}
    payload.update(data)
    return client.post(f"/phan-hoi/{page.pk}/", payload, REMOTE_ADDR=data.pop("ip", "10.9.9.9"))


def test_reader_sends_feedback_held_for_moderation(client, make_article):
    page = make_article()
    form = client.get(f"/phan-hoi/{page.pk}/")
    assert form.status_code == 200 and "Thông tin người gửi phản hồi" in form.content.decode()
    response = _post(client, page)
    assert response.status_code == 302 and response.url == f"/phan-hoi/{page.pk}/da-gui/"
    feedback = Feedback.objects.get(page=page)
    assert feedback.status == Feedback.Status.PENDING
    assert "Bài viết hay" not in client.get(page.url).content.decode()


@pytest.mark.parametrize("data, message", [
    ({"website": "http://spam.example"}, "Không gửi được phản hồi"),
    ({"token": signing.dumps(0, salt="khác")}, "hết hạn"),
    ({"text": "xem http://a.vn http://b.vn http://c.vn"}, "quá nhiều đường dẫn"),
])
def test_robots_are_refused(client, make_article, data, message):
    page = make_article()
    response = _post(client, page, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Feedback.objects.exists()


def test_too_fast_a_post_is_refused(client, make_article):
    page = make_article()
    response = _post(client, page, token=services.form_token())
    assert "quá nhanh" in response.content.decode()


@override_settings(PORTAL_FEEDBACK_RATE=2)
def test_rate_limit_per_client(client, make_article):
    page = make_article()
    assert _post(client, page).status_code == 302
    assert _post(client, page).status_code == 302
    assert "nhiều phản hồi" in _post(client, page).content.decode()
    assert _post(client, page, ip="10.8.8.8").status_code == 302  # another reader is not affected


@override_settings(PORTAL_FEEDBACK_RATE=1, PROXY_HOPS=1)
def test_rate_limit_behind_the_trusted_proxy_uses_the_forwarded_address(client, make_article):
    page = make_article()
    payload = {"name": "A", "email": "a@example.vn", "text": "Ý kiến", "website": "", "token": _old_token()}
    one = client.post(f"/phan-hoi/{page.pk}/", payload, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    two = client.post(f"/phan-hoi/{page.pk}/", payload, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2.2.2.2")
    spoof = client.post(f"/phan-hoi/{page.pk}/", payload, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1")  # the proxy appended the real address
    assert one.status_code == 302 and two.status_code == 302
    assert "nhiều phản hồi" in spoof.content.decode()


def test_moderator_approves_and_the_comment_appears_escaped_with_ugc_links(client, make_user, make_article):
    page = make_article()
    client.get(page.url)  # cached for anonymous readers
    _post(client, page, text="<b>Rất hay</b> xem thêm https://vi.example.vn")
    feedback = Feedback.objects.get()
    moderator = make_user("VN", "editor")
    client.force_login(moderator)
    queue = client.get("/cong-thong-tin/kiem-duyet/")
    assert queue.status_code == 200 and "Chờ duyệt (1)" in queue.content.decode()
    client.post(f"/cong-thong-tin/kiem-duyet/{feedback.pk}/", {"action": "approve"})
    client.logout()
    html = client.get(page.url).content.decode()
    assert "&lt;b&gt;Rất hay&lt;/b&gt;" in html
    assert 'rel="nofollow ugc"' in html
    assert "(1 ý kiến)" in html
    assert "doc@example.vn" not in html


def test_block_rejects_and_refuses_the_sender_again(client, make_user, make_article):
    page = make_article()
    _post(client, page)
    moderator = make_user("VN", "approver")
    services.moderate(Feedback.objects.get(), services.BLOCK, moderator)
    assert Feedback.objects.get().status == Feedback.Status.REJECTED
    assert BlockedSender.objects.filter(email="doc@example.vn").exists()
    with pytest.raises(ValidationError):
        services.submit_feedback(page, name="X", email="DOC@example.vn", text="lại", client_hash="other",
                                 token=_old_token())


def test_only_moderators_of_the_section_moderate(client, make_user, make_section, make_article):
    page = make_article(make_section(title="Cần Thơ", unit_key="VN-92"))
    _post(client, page)
    feedback = Feedback.objects.get()
    other_province = make_user("VN-01", "editor")
    officer = make_user("VN-92", "officer")
    client.force_login(officer)
    assert client.get("/cong-thong-tin/kiem-duyet/").status_code == 403
    client.force_login(other_province)
    assert client.post(f"/cong-thong-tin/kiem-duyet/{feedback.pk}/", {"action": "approve"}).status_code == 404
    client.force_login(make_user("VN-92", "editor"))
    client.post(f"/cong-thong-tin/kiem-duyet/{feedback.pk}/", {"action": "approve"})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.APPROVED
