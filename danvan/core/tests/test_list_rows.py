"""List rows built in Python (issue 16) are the markup the template loops made, with user text escaped.

Each app's row tag is compared with the loop its list template had before, on unsaved records holding markup
in every text a user types, in both languages."""

import datetime

from django.template import Context, Template
from django.utils import translation

from danvan.commendations.models import AwardForm, Commendation
from danvan.commendations.templatetags.commendation_rows import commendation_rows
from danvan.orgunits.models import OrgUnit
from danvan.petitions.models import Case
from danvan.petitions.templatetags.petitions_tags import case_rows

HOSTILE = "<b>x</b> & \"y\" 'z'"
UNIT = OrgUnit(pk=7, key="VN-92", name="Cần Thơ " + HOSTILE, level="province")
TODAY = datetime.date(2026, 4, 15)

CASE_LOOP = (
    '{% load i18n petitions_tags %}{% for case in page %}\n'
    '<tr><td><a href="{{ case.get_absolute_url }}">{{ case.tracking_code }}</a></td>'
    '<td>{{ case.received_on|vn_date }}</td><td>{{ case.get_kind_display }}</td>\n'
    '<td>{{ case.subject }}{% if case.hotspot_id %} <span class="tag bad">{% translate "điểm nóng" %}</span>'
    '{% endif %}{% if case.petitioner_type == "mass" %} <span class="tag warn">{% translate "đông người" %}</span>'
    '{% endif %}</td>\n'
    '<td>{{ case.unit }}</td><td>{{ case.get_status_display }}</td><td>{% due_badge case today %}</td></tr>\n'
    '{% endfor %}')

COMMENDATION_LOOP = (
    '{% for c in page %}\n<tr>\n'
    '  <td><a href="{{ c.get_absolute_url }}">{{ c.recipient_display }}</a><br><small class="muted">'
    '{{ c.get_recipient_type_display }}{% if c.recipient_position %} · {{ c.recipient_position }}{% endif %}'
    '</small></td>\n'
    '  <td>{{ c.award_display }}</td>\n'
    '  <td>{{ c.unit.name }}</td>\n'
    '  <td>{{ c.period_display }}</td>\n'
    '  <td>{% if c.decision_number %}{{ c.decision_number }}<br><small>{{ c.decision_date|date:"d/m/Y" }}</small>'
    '{% endif %}</td>\n'
    "  <td><span class=\"tag{% if c.status == 'decided' %} ok{% elif c.status == 'returned' %} bad"
    "{% elif c.status == 'proposed' or c.status == 'approved' %} warn{% endif %}\">{{ c.get_status_display }}"
    "</span></td>\n"
    '</tr>\n{% endfor %}')


def _cases():
    def case(pk, status, **kw):
        return Case(pk=pk, unit=UNIT, tracking_code=f"ABC{pk}", received_on=datetime.date(2026, 2, 3),
                    kind="to_cao", subject="Đường " + HOSTILE, status=status, **kw)
    return [case(1, "received", accept_due=TODAY - datetime.timedelta(days=3), hotspot_id=4, petitioner_type="mass"),
            case(22, "verifying", resolve_due=TODAY + datetime.timedelta(days=4), petitioner_type="one"),
            case(333, "accepted", resolve_due=TODAY + datetime.timedelta(days=40), petitioner_type="several"),
            case(4444, "closed", petitioner_type="one")]


def _commendations():
    form = AwardForm(pk=2, code="bk", name="Bằng khen " + HOSTILE)
    def one(pk, status, **kw):
        return Commendation(pk=pk, unit=UNIT, form=form, status=status, period_start_year=2020, **kw)
    return [one(1, "decided", recipient_type="individual", recipient_name="Lê " + HOSTILE, recipient_position=HOSTILE,
                period_end_year=2025, decision_number="12/QĐ " + HOSTILE, decision_date=datetime.date(2026, 1, 5)),
            one(2, "returned", recipient_type="collective", recipient_unit=UNIT, period_end_year=2020),
            one(3, "proposed", recipient_type="individual", recipient_name="A", award_class="1", period_end_year=2021,
                decision_number="7"),
            one(4, "approved", recipient_type="individual", recipient_name="B", period_end_year=2020),
            one(5, "draft", recipient_type="individual", recipient_name="C", period_end_year=2020)]


def test_case_rows_are_the_template_loops_markup():
    for language in ("vi", "en"):
        with translation.override(language):
            expected = Template(CASE_LOOP).render(Context({"page": _cases(), "today": TODAY}))
            assert case_rows(_cases(), TODAY) == expected
    html = case_rows(_cases(), TODAY)
    assert "<b>" not in html and "Đường &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#x27;z&#x27;" in html
    assert "<td>03/02/2026</td>" in html and '<a href="/don-thu/4444/">ABC4444</a>' in html


def test_commendation_rows_are_the_template_loops_markup():
    for language in ("vi", "en"):
        with translation.override(language):
            expected = Template(COMMENDATION_LOOP).render(Context({"page": _commendations()}))
            assert commendation_rows(_commendations()) == expected
    html = commendation_rows(_commendations())
    assert "<b>" not in html and "Lê &lt;b&gt;x&lt;/b&gt;" in html and "<small>05/01/2026</small>" in html


REGISTRY_LOOP = (
    '{% for y in page %}\n'
    '<tr><td><a href="{{ y.get_absolute_url }}">{{ y.model.name }}</a>{% if y.model.subject == "ca_nhan" %}<br>'
    '<small class="muted">{{ y.model.person_name }}</small>{% endif %}</td>\n'
    '<td>{{ y.unit.name }}</td><td>{{ y.year }}</td><td>{{ y.field.name }}</td><td>{{ y.get_subject_display }}</td>\n'
    "<td><span class=\"tag{% if y.is_recognised %} ok{% elif y.status == 'not_recognised' %} bad"
    "{% elif y.status == 'returned' %} warn{% endif %}\">{{ y.get_status_display }}</span>"
    "{% if y.recognition_level %} <small>{{ y.get_recognition_level_display }}</small>{% endif %}</td>\n"
    '<td>{{ y.registered_on|vn_date }}</td></tr>\n'
    '{% endfor %}')


def _years():
    from danvan.registry.models import DvkModel, DvkYear, Field

    field = Field(pk=3, code="kt", name="Kinh tế " + HOSTILE)
    person = DvkModel(pk=5, name="Mô hình " + HOSTILE, subject="ca_nhan", person_name="Bà " + HOSTILE)
    group = DvkModel(pk=66, name="Tập thể", subject="tap_the")

    def year(pk, model, status, **kw):
        return DvkYear(pk=pk, model=model, unit=UNIT, field=field, subject=model.subject, year=2026, status=status,
                       **kw)
    return [year(1, person, "recognised", recognition_level="province", registered_on=datetime.date(2026, 3, 9)),
            year(2, group, "not_recognised"), year(3, group, "returned"), year(4, person, "registered"),
            year(5, group, "honoured", recognition_level="commune")]


def test_registry_rows_are_the_template_loops_markup():
    from danvan.registry.templatetags.registry_rows import registry_rows

    for language in ("vi", "en"):
        with translation.override(language):
            expected = Template(REGISTRY_LOOP).render(Context({"page": _years()}))
            assert registry_rows(_years()) == expected
    html = registry_rows(_years())
    assert "<b>" not in html and "Bà &lt;b&gt;x&lt;/b&gt;" in html and '<a href="/mo-hinh/66/?nam=2026">' in html
