"""A JSON body that is not an object gets the API's 400 error shape, never a 500 (found by the fuzz run)."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[null, null]", "42", '"text"', "null"])
@pytest.mark.parametrize("url", ["/api/v1/reports/datavalues/", "/api/v1/registry/years/1/honour/"])
def test_a_body_that_is_not_an_object_is_refused_in_vietnamese(client_for, make_user, url, body):
    client = client_for(make_user("VN-92", "approver"))
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert "đối tượng JSON" in error["message_vi"]
