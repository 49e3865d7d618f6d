"""The activities list's rows built in Python (issue 16) are the markup the template loop made, escaped."""

import datetime

from django.template import Context, Template
from django.utils import translation

from danvan.activities.models import Activity, ActivityKind
from danvan.activities.templatetags.activity_rows import activity_rows
from danvan.orgunits.models import OrgUnit

# The loop the list template had before the rows were built in Python.
TEMPLATE_LOOP = (
    '{% load i18n %}{% for a in page %}\n'
    '<tr><td>{{ a.start_date|vn_date }}</td><td><a href="{{ a.get_absolute_url }}">{{ a.title }}</a></td>'
    '<td>{{ a.kind.name }}</td><td>{{ a.unit.name }}</td><td>{{ a.get_level_display }}</td>'
    '<td>{{ a.attendees|vn_number }}</td>\n'
    '<td>{% if a.status != "held" %}<span class="tag">{{ a.get_status_display }}</span>{% endif %}'
    '{% if a.has_overdue %}<span class="tag bad">{% translate "cam kết quá hạn" %}</span>{% endif %}</td></tr>\n'
    '{% endfor %}')


def _activities():
    unit = OrgUnit(pk=7, key="VN-92", name="Thành phố <Cần Thơ> & \"Hậu Giang\"", level="province")
    kind = ActivityKind(pk=3, code="doi-thoai", name="Đối thoại <script>alert(1)</script>")
    one = Activity(pk=12, unit=unit, kind=kind, title="Tiếp xúc <b>cử tri</b> 'phường' & xã", level="province",
                   status=Activity.Status.PLANNED, start_date=datetime.date(2026, 2, 3), attendees=183676)
    one.has_overdue = True
    two = Activity(pk=345, unit=unit, kind=kind, title="Hội nghị", level="commune", status=Activity.Status.HELD,
                   start_date=datetime.date(2025, 12, 27), attendees=None)
    two.has_overdue = False
    return [one, two]


def test_the_rows_are_the_markup_of_the_template_loop_in_both_languages():
    for language in ("vi", "en"):
        with translation.override(language):
            expected = Template(TEMPLATE_LOOP).render(Context({"page": _activities()}))
            assert activity_rows(_activities()) == expected


def test_user_text_is_escaped_and_figures_are_written_the_vietnamese_way():
    html = activity_rows(_activities())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tiếp xúc &lt;b&gt;cử tri&lt;/b&gt; &#x27;phường&#x27; &amp; xã" in html
    assert "Thành phố &lt;Cần Thơ&gt; &amp; &quot;Hậu Giang&quot;" in html
    assert "<td>183.676</td>" in html and "<td>03/02/2026</td>" in html
    assert '<a href="/hoat-dong/12/">' in html and '<a href="/hoat-dong/345/">' in html


COMMITMENT_LOOP = (
    '{% load i18n %}{% for c in page %}<tr><td>{{ c.content }}</td><td>{% if c.may_open %}'
    '<a href="{{ c.activity.get_absolute_url }}">{{ c.activity.title }}</a>{% else %}{{ c.activity.title }}{% endif %}'
    ' ({{ c.activity.unit.name }}, {{ c.activity.start_date|vn_date }})</td><td>{{ c.owner_unit.name }}</td>'
    '<td>{{ c.deadline|vn_date }}</td>\n'
    '<td>{% if c.status == "done" %}<span class="tag ok">{% translate "đã thực hiện" %}</span>'
    '{% elif c.deadline < today %}<span class="tag bad">{% translate "quá hạn" %}</span>'
    '{% else %}<span class="tag warn">{% translate "đang thực hiện" %}</span>{% endif %}</td></tr>\n'
    '{% endfor %}')


def _commitments():
    from danvan.activities.models import Commitment

    activity = _activities()[0]
    owner = OrgUnit(pk=9, key="VN-92-31135", name="Phường <Ninh Kiều>", level="commune")
    rows = []
    for pk, status, deadline, may_open in ((1, "open", datetime.date(2026, 4, 1), True),
                                           (2, "open", datetime.date(2026, 5, 1), False),
                                           (3, "done", datetime.date(2026, 4, 1), True)):
        c = Commitment(pk=pk, activity=activity, owner_unit=owner, content=f"Nạo vét <kênh> & {pk}", status=status,
                       deadline=deadline)
        c.may_open = may_open
        rows.append(c)
    return rows


def test_commitment_rows_are_the_markup_of_the_template_loop():
    from danvan.activities.templatetags.activity_rows import commitment_rows

    today = datetime.date(2026, 4, 15)
    for language in ("vi", "en"):
        with translation.override(language):
            expected = Template(COMMITMENT_LOOP).render(Context({"page": _commitments(), "today": today}))
            assert commitment_rows(_commitments(), today) == expected
    html = commitment_rows(_commitments(), today)
    assert "<kênh>" not in html and "Nạo vét &lt;kênh&gt; &amp; 1" in html and html.count('<a href=') == 2
