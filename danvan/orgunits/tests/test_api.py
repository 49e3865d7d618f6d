import pytest

pytestmark = pytest.mark.django_db


def test_units_api_is_scoped_and_searchable(client_for, make_user):
    client = client_for(make_user("VN-92", "viewer"))
    found = client.get("/api/v1/units/", {"q": "hau giang"}).json()
    assert [u["key"] for u in found["results"]] == ["VN-93"]
    assert found["results"][0]["current_key"] == "VN-92"
    assert client.get("/api/v1/units/VN-01/").status_code == 404
    assert client.get("/api/v1/units/VN-92/").json()["name"] == "Thành phố Cần Thơ"
    children = client.get("/api/v1/units/VN-92/children/").json()
    assert len(children) == 103 + 0 and all(c["valid_to"] is None for c in children)


def test_units_api_requires_login(client):
    assert client.get("/api/v1/units/").status_code == 401
