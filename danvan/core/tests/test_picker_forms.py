"""Every journey without typing a code, an id or a username (issue 14, "Done when").

Each form field that names a unit, a record or a user is a picker, and what an official types there — a few
words of a name — resolves within what that official may pick: "xa tan thanh" is four communes in the
country but one in Cần Thơ, so it means Cần Thơ's for a Cần Thơ officer. No other field of any form asks
for a key, an id or a username.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import re

import pytest
from django import forms

from danvan.core import picker
from danvan.core.picker import PickerField, PickerListField, PickerListWidget, PickerWidget

pytestmark = pytest.mark.django_db
D = datetime.date
TAN_THANH = "xa tan thanh"  # Xã Tân Thạnh: VN-80, VN-82, VN-91 and VN-92 (Cần Thơ) since 1/7/2025
TAN_THANH_CANTHO = "VN-92-31666"
APPS = ("accounts", "activities", "annual", "campaigns", "commendations", "petitions", "portal", "registry",
        "reports", "submissions")

# (form module, form class, field): every unit picker of every form.
UNIT_FIELDS = [
    ("registry", "CreateForm", "unit"), ("registry", "ModelForm", "collective_unit"),
    ("activities", "ActivityForm", "unit"), ("activities", "CommitmentForm", "owner_unit"),
    ("activities", "DocumentForm", "unit"), ("activities", "RequirementForm", "unit"),
    ("activities", "PlanForm", "unit"), ("activities", "ReviewForm", "unit"), ("activities", "ProjectForm", "unit"),
    ("commendations", "CommendationForm", "unit_key"), ("commendations", "CommendationForm", "proposing_unit_key"),
    ("commendations", "CommendationForm", "recipient_unit_key"),
    ("petitions", "CaseForm", "unit"), ("petitions", "CaseForm", "location_unit"), ("petitions", "StepForm", "to_unit"),
    ("petitions", "HotspotForm", "unit"), ("petitions", "SentimentForm", "unit"),
    ("campaigns", "CampaignForm", "unit"), ("campaigns", "CampaignForm", "participant_root"),
    ("campaigns", "CampaignForm", "participant_units"), ("campaigns", "TargetForm", "unit"),
    ("campaigns", "LedgerEntryForm", "unit"), ("campaigns", "HouseForm", "unit"), ("campaigns", "ProgressForm", "unit"),
    ("campaigns", "ProgressFilterForm", "don_vi"),
    ("accounts", "UserCreateForm", "unit_key"), ("accounts", "MembershipForm", "unit_key"),
    ("reports", "FiguresChoiceForm", "unit"), ("submissions", "StartForm", "unit"),
]
# Fields that look like codes but are the officials' own references or public codes, not internal keys.
NOT_KEYS = {
    ("activities", "ActivityForm", "external_ref"), ("activities", "DocumentForm", "symbol"),
    ("activities", "DocumentForm", "replaces"), ("activities", "PlanForm", "symbol"),
    ("activities", "ReviewForm", "report_symbol"), ("commendations", "CommendationForm", "external_ref"),
    ("campaigns", "LedgerEntryForm", "external_ref"), ("campaigns", "HouseForm", "external_ref"),
    ("campaigns", "TargetForm", "code"),  # optional: made from the metric's name when left empty
    ("petitions", "PublicLookupForm", "code"),  # the tracking code the public was given on paper
    ("accounts", "UserCreateForm", "username"),  # the new account's own username, chosen here
    ("accounts", "RateLimitedAuthenticationForm", "username"),  # signing in with one's own username
    ("petitions", "SentimentForm", "period_code"),  # a period as officials write it ("Quý 3/2026")
}
KEYISH = re.compile(r"(^|_)(key|keys|id|ids|code|codes|ref|username|original|duplicate_of|record)$")


def _form(app: str, name: str) -> type[forms.Form]:
    return getattr(importlib.import_module(f"danvan.{app}.forms"), name)


def _fields(form_class) -> dict[str, forms.Field]:
    try:
        return form_class().fields
    except TypeError:
        return dict(form_class.base_fields)


def test_no_form_asks_for_a_key_an_id_or_a_username():
    """Any field named like a key, an id, a code or a username is a picker (or an official's own reference)."""
    plain = []
    for app in APPS:
        module = importlib.import_module(f"danvan.{app}.forms")
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != module.__name__:
                continue
            for field_name, field in _fields(form_class).items():
                if isinstance(field.widget, forms.HiddenInput) or (app, name, field_name) in NOT_KEYS:
                    continue
                if KEYISH.search(field_name) and not isinstance(field, PickerField | PickerListField):
                    plain.append(f"{app}.{name}.{field_name}")
    assert not plain, plain


@pytest.mark.parametrize(("app", "form_name", "field_name"), UNIT_FIELDS)
def test_every_unit_field_is_a_picker_resolving_a_name_within_the_officials_scope(app, form_name, field_name,
                                                                                  make_user):
    field = _fields(_form(app, form_name))[field_name]
    assert isinstance(field, PickerField | PickerListField) and field.source_name == "unit"
    assert isinstance(field.widget, PickerWidget | PickerListWidget)
    html = field.widget.render(field_name, "", attrs={"id": f"id_{field_name}"})
    assert 'role="combobox"' in html and "/chon/unit/" in html
    # Nationally the name is ambiguous; for a Cần Thơ officer it is Cần Thơ's commune.
    with pytest.raises(forms.ValidationError, match="Có nhiều đơn vị khớp"):
        field.clean(TAN_THANH)
    field.user = make_user("VN-92", "officer")
    cleaned = field.clean(TAN_THANH)
    cleaned = cleaned[0] if isinstance(cleaned, list) else cleaned
    assert getattr(cleaned, "key", cleaned) == TAN_THANH_CANTHO
    # The key and the chosen suggestion still work.
    chosen = field.clean(f"Xã Tân Thạnh ({TAN_THANH_CANTHO})")
    chosen = chosen[0] if isinstance(chosen, list) else chosen
    assert getattr(chosen, "key", chosen) == TAN_THANH_CANTHO


def test_a_view_resolves_a_typed_name_for_the_signed_in_official(client, make_user, unit):
    """Views need not pass the user: the request's official scopes the pickers (PickerScopeMiddleware)."""
    from danvan.campaigns.models import Campaign

    client.force_login(make_user("VN-92", "officer"))
    response = client.post("/van-dong/tao/", {
        "kind": "cuoc_van_dong", "name": "Vận động thử chọn theo tên", "unit": "thanh pho can tho",
        "participant_units": f"{TAN_THANH}\nphuong ninh kieu", "participant_units__add": "xa vinh tuong",
        "start_date": "01/01/2026"})
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(name="Vận động thử chọn theo tên")
    assert campaign.unit == unit("VN-92")
    assert sorted(campaign.participant_units.values_list("key", flat=True)) == sorted(
        [TAN_THANH_CANTHO, "VN-92-31135", "VN-92-31459"])
    # A line naming nothing is reported with the line, and the typed lines are kept.
    response = client.post("/van-dong/tao/", {
        "kind": "cuoc_van_dong", "name": "Vận động thử 2", "unit": "VN-92",
        "participant_units": "phuong ninh kieu\nkhong co don vi nay", "start_date": "01/01/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and "Không tìm thấy đơn vị nào khớp với “khong co don vi nay”" in html
    assert "phuong ninh kieu" in html


@pytest.fixture
def twins(make_user, unit):
    """The same names in Cần Thơ and in Hà Nội: a model, an activity, a case, a campaign, a commendation."""
    from danvan.activities import services as activities
    from danvan.activities.models import ActivityKind
    from danvan.campaigns import services as campaigns
    from danvan.commendations import services as commendations
    from danvan.commendations.models import AwardForm
    from danvan.petitions import services as petitions
    from danvan.registry import services as registry
    from danvan.registry.models import Field

    admin = make_user(superuser=True, username="root-twins")
    made = {}
    for key in ("VN-92", "VN-01"):
        where = unit(key)
        made[key] = {
            "model": registry.create_model(actor=admin, unit=where, year=2025, register=True,
                                           registered_on=D(2025, 3, 1),
                                           data={"name": "Mô hình Dân vận khéo giữ gìn môi trường",
                                                 "subject": "tap_the", "field": Field.objects.get(code="kinh_te")}),
            "activity": activities.activity_create(
                actor=admin, unit=where, kind=ActivityKind.objects.get(code="hoi_nghi"), purpose="quan_triet",
                title="Hội nghị đối thoại về môi trường", start_date=D(2025, 5, 5), attendees=50, participants=50),
            "case": petitions.case_create(actor=admin, unit=where, kind="kien_nghi", channel="walk_in",
                                          subject="Kiến nghị về rác thải khu dân cư", field="moi_truong",
                                          received_on=D(2025, 6, 1), petitioners=[{"name": "Người gửi"}]),
            "campaign": campaigns.campaign_create(actor=admin, unit=where, name="Vận động trồng cây xanh",
                                                  start_date=D(2025, 1, 1)),
            "commendation": commendations.commendation_create(
                actor=admin, unit=where, recipient_type="individual", form=AwardForm.objects.get(code="bang_khen_tinh"),
                period_start_year=2025, recipient_name="Nguyễn Văn Trồng Cây"),
        }
    made["officer"] = make_user("VN-92", "officer")
    return made


@pytest.mark.parametrize(("app", "form_name", "field_name", "source", "typed", "record"), [
    ("registry", "ReplicateForm", "original", "model", "giu gin moi truong", "model"),
    ("petitions", "StepForm", "activity", "activity", "doi thoai ve moi truong", "activity"),
    ("petitions", "StepForm", "duplicate_of", "case", "rac thai khu dan cu", "case"),
    ("petitions", "HotspotForm", "case_codes", "case", "rac thai khu dan cu", "case"),
    ("petitions", "HotspotCasesForm", "add_cases", "case", "rac thai khu dan cu", "case"),
    ("petitions", "SentimentForm", "case_codes", "case", "rac thai khu dan cu", "case"),
    ("commendations", "CommendationForm", "link_record", "achievement", "van dong trong cay xanh", "campaign"),
    ("campaigns", "LinkForm", "record", "campaign_record", "nguyen van trong cay", "commendation"),
])
def test_record_pickers_resolve_a_name_within_the_officials_scope(app, form_name, field_name, source, typed, record,
                                                                  twins):
    field = _fields(_form(app, form_name))[field_name]
    assert isinstance(field, PickerField | PickerListField) and field.source_name == source
    html = field.widget.render(field_name, "", attrs={"id": f"id_{field_name}"})
    assert f"/chon/{source}/" in html
    with pytest.raises(forms.ValidationError):  # both provinces' records match
        field.clean(typed)
    field.user = twins["officer"]
    cleaned = field.clean(typed)
    cleaned = cleaned[0] if isinstance(cleaned, list) else cleaned
    expected = twins["VN-92"][record]
    assert cleaned == (picker.source(source).key_of(expected) if field.to_key else expected)
    # Hà Nội's record, even named exactly by what the picker shows, does not exist for a Cần Thơ officer.
    other = picker.source(source).value(twins["VN-01"][record])
    with pytest.raises(forms.ValidationError):
        field.clean(other)


def test_identity_right_is_granted_by_picking_a_person_by_name(twins, make_user):
    from danvan.petitions.forms import GrantForm

    colleague = make_user("VN-92", "officer", username="cantho.thanhtra")
    colleague.full_name = "Đặng Thị Thanh Tra"
    colleague.save()
    outsider = make_user("VN-01", "officer", username="hanoi.thanhtra")
    outsider.full_name = "Đặng Thị Thanh Tra"
    outsider.save()
    form = picker.bind_user(GrantForm({"username": "dang thi thanh tra", "reason": "Xác minh đơn tố cáo"}),
                            twins["officer"])
    assert isinstance(form.fields["username"].widget, PickerWidget)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["username"] == "cantho.thanhtra"


def test_progress_is_reported_against_a_metric_chosen_by_name(twins):
    from danvan.campaigns import services as campaigns
    from danvan.campaigns.forms import ProgressForm, TargetForm

    campaign = twins["VN-92"]["campaign"]
    target_form = TargetForm({"metric": "custom", "label": "Số cây xanh được trồng", "unit_of_measure": "cây",
                              "value": "5.000"})
    assert target_form.is_valid(), target_form.errors
    assert target_form.cleaned_data["code"] == "so-cay-xanh-duoc-trong"
    campaigns.target_set(actor=twins["officer"], campaign=campaign, metric="custom", code="so-cay-xanh-duoc-trong",
                         label="Số cây xanh được trồng", unit_of_measure="cây", value=5000)
    form = ProgressForm(campaign=campaign)
    assert isinstance(form.fields["metric"].widget, forms.Select)
    assert ("so-cay-xanh-duoc-trong", "Số cây xanh được trồng") in form.fields["metric"].choices


def test_dashboard_opens_another_unit_picked_by_name(client, make_user):
    client.force_login(make_user("VN-92", "viewer"))
    response = client.get("/bang-dieu-khien/VN-92/", {"don_vi": "phuong ninh kieu", "ky": "Quý 3/2025"})
    assert response.status_code == 302
    assert response["Location"].startswith("/bang-dieu-khien/VN-92-31135/?ky=")
    response = client.get("/bang-dieu-khien/VN-92/", {"don_vi": TAN_THANH}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == f"/bang-dieu-khien/{TAN_THANH_CANTHO}/"
    page = client.get("/bang-dieu-khien/VN-92/", {"ky": "2025Q3"}).content.decode()
    assert 'value="quý III năm 2025"' in page  # the period shown as written, not as its code


def test_a_chosen_case_whose_code_has_no_digit_is_still_read_as_its_code(twins):
    from danvan.petitions.models import Case

    hanoi = twins["VN-01"]["case"]
    Case.objects.filter(pk=hanoi.pk).update(tracking_code="ABCDEFGHJKLM")  # letters only: ~3 % of codes
    hanoi.refresh_from_db()
    src = picker.source("case")
    assert src.looks_like_key("ABCDEFGHJKLM") and not src.looks_like_key("rac thai")
    field = _fields(_form("petitions", "StepForm"))["duplicate_of"]
    field.user = twins["officer"]
    with pytest.raises(forms.ValidationError):  # Hà Nội's case, named as the picker shows it
        field.clean(src.value(hanoi))
