"""get_FOO_display(): labels translated once per field and language (issue 16), same strings as Django's."""

from django.db import models
from django.utils import translation

from danvan.core import choices
from danvan.petitions.models import Case


def test_display_is_the_label_in_the_active_language_and_translates_once():
    case = Case(kind="kien_nghi", status="received")
    with translation.override("vi"):
        assert case.get_kind_display() == "Kiến nghị"
    with translation.override("en"):
        assert case.get_kind_display() == "Petition"
        field = Case._meta.get_field("kind")
        assert choices.labels_of(field) is choices.labels_of(field)  # kept, not rebuilt per call
    # A value outside the choices is shown as it is, as Django does.
    assert Case(kind="khac").get_kind_display() == "khac"


def test_every_models_display_method_is_replaced_and_computed_choices_keep_djangos_way():
    assert Case.get_kind_display._partialmethod.func is choices._get_FIELD_display

    field = models.CharField(choices=lambda: [("a", "Một")])
    field.attname = "x"

    class Row:
        x = "a"

    assert not choices._fixed(field)
    assert choices._get_FIELD_display(Row(), field) == "Một"
