"""The picker: names with or without diacritics, keys, scope, old units, no-JS resolution."""

import re

import pytest
from django import forms

from danvan.core.picker import PickerField, resolve, source, typed_key

pytestmark = pytest.mark.django_db


def test_suggestions_match_without_diacritics_and_show_level_province_and_old_units(client, make_user):
    client.force_login(make_user("VN-92", "viewer"))
    response = client.get("/chon/unit/", {"field": "don_vi", "don_vi": "ninh kieu"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường Ninh Kiều" in html and 'data-value="Phường Ninh Kiều (VN-92-31135)"' in html
    assert "Thành phố Cần Thơ" in html  # the province
    assert "(cũ)" in html  # the former district/ward that ended on 30/06/2025
    assert "30/06/2025" in html
    assert "<html" not in html  # an htmx fragment


def test_suggestions_are_scoped_to_what_the_user_may_read(client, make_user):
    client.force_login(make_user("VN-01", "viewer"))  # Hà Nội only
    html = client.get("/chon/unit/", {"q": "ninh kieu"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ninh Kiều" not in html
    html = client.get("/chon/unit/", {"q": "ba dinh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ba Đình" in html


def test_without_javascript_the_picker_page_lists_matches(client, make_user):
    client.force_login(make_user("VN-92", "viewer"))
    response = client.get("/chon/unit/", {"q": "hau giang"})
    assert response.status_code == 200
    assert "<html" in response.content.decode() and "Hậu Giang" in response.content.decode()


class UnitForm(forms.Form):
    unit = PickerField(label="Đơn vị")
    key = PickerField(label="Đơn vị", to_key=True, required=False)


def test_field_accepts_key_chosen_match_and_unique_name(unit):
    form = UnitForm({"unit": "VN-92", "key": "Phường Ninh Kiều (VN-92-31135)"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == unit("VN-92")
    assert form.cleaned_data["key"] == "VN-92-31135"
    # A lower-case key and a name typed without diacritics work too; a current unit wins over the old one.
    form = UnitForm({"unit": "vn-92", "key": "phuong ninh kieu"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["key"] == "VN-92-31135"


def test_field_explains_an_ambiguous_or_unknown_name_and_offers_the_candidates():
    form = UnitForm({"unit": "ninh"})
    assert not form.is_valid()
    assert "Có nhiều đơn vị khớp với “ninh”" in form.errors["unit"][0]
    html = str(form["unit"])
    assert "<datalist" in html and "(VN-" in html
    form = UnitForm({"unit": "khong co don vi nao ten nay"})
    assert not form.is_valid() and "Không tìm thấy đơn vị" in form.errors["unit"][0]


def test_widget_shows_a_name_for_an_initial_key():
    form = UnitForm(initial={"unit": "VN-92"})
    assert 'value="Thành phố Cần Thơ (VN-92)"' in str(form["unit"])


def test_typed_key_for_filters(make_user):
    user = make_user("VN-92", "viewer")
    assert typed_key("hau giang", user) == "VN-93"
    assert typed_key("VN-92", user) == "VN-92"
    assert typed_key("", user) == ""


def test_users_and_models_are_picked_by_name(make_user):
    someone = make_user("VN-92", "officer", username="ninhkieu.test")
    someone.full_name = "Huỳnh Thị Xã"
    someone.save()
    src = source("user")
    found, _ = resolve(src, "huynh thi xa", src.queryset(None, "all"))
    assert found == someone
    found, _ = resolve(src, "Huỳnh Thị Xã (ninhkieu.test)", src.queryset(None, "all"))
    assert found == someone


def test_suggestions_for_any_unit_list_the_users_own_first(client, make_user):
    client.force_login(make_user("VN-92", "officer"))
    html = client.get("/chon/unit/", {"scope": "all", "q": "xa tan thanh"}, HTTP_HX_REQUEST="true").content.decode()
    keys = re.findall(r'data-value="[^"(]+\((VN-[\d-]+)\)"', html)
    in_scope = [k.split("-")[1] in ("92", "93", "94") for k in keys]  # Cần Thơ, and Hậu Giang, Sóc Trăng before 2025
    assert keys[0] == "VN-92-31666"  # the officer's own Xã Tân Thạnh first…
    assert not in_scope[-1] and in_scope == sorted(in_scope, reverse=True)  # …then the rest of the country
