"""Typed input reaches the views as NFC text; a NUL byte is refused with a Vietnamese 400, never a 500."""

import unicodedata

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from danvan.core.middleware import InputHygieneMiddleware

pytestmark = pytest.mark.django_db

NFD_NAME = unicodedata.normalize("NFD", "Phường Ninh Kiều")


def _seen(request):
    captured = {}

    def view(req):
        captured["GET"], captured["POST"] = req.GET.copy(), req.POST.copy()
        return HttpResponse("ok")

    response = InputHygieneMiddleware(view)(request)
    return response, captured


def test_decomposed_text_in_forms_and_queries_reaches_the_view_composed():
    request = RequestFactory().post("/mo-hinh/?q=" + NFD_NAME, {"name": NFD_NAME, "note": ["a", NFD_NAME]})
    response, seen = _seen(request)
    assert response.status_code == 200
    assert seen["POST"]["name"] == "Phường Ninh Kiều"
    assert seen["POST"].getlist("note") == ["a", "Phường Ninh Kiều"]
    assert seen["GET"]["q"] == "Phường Ninh Kiều"


def test_a_nul_byte_in_a_query_is_refused_on_every_page(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    for url in ("/mo-hinh/?q=a%00b", "/don-thu/?q=%00", "/hoat-dong/?q=x%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "ký tự không hợp lệ" in response.content.decode()


def test_a_nul_byte_in_an_api_query_gets_the_api_error_shape(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    response = client.get("/api/v1/registry/?q=%00")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "nul_byte"


def test_a_nul_byte_in_a_posted_form_is_refused(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    response = client.post("/mo-hinh/dang-ky/", {"name": "Mô hình\x00"})
    assert response.status_code == 400
