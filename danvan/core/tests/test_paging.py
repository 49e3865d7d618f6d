"""The shared list paginator never counts the listed table and still tells where the user is."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from danvan.core.paging import estimated_count, paginate, round_estimate
from danvan.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def _get(**params):
    return RequestFactory().get("/", params)


def _units():
    return OrgUnit.objects.filter(parent__key="VN-92").order_by("pk")


def test_pages_fetch_one_row_more_and_never_count():
    total = _units().count()
    assert total > 10
    with CaptureQueriesContext(connection) as queries:
        first = paginate(_get(page="1"), _units(), 10)
    assert [u.pk for u in first] == list(_units().values_list("pk", flat=True)[:10])
    assert first.has_next() and not first.has_previous() and first.total is None
    rows = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("EXPLAIN")]
    assert len(rows) == 1 and "LIMIT 11" in rows[0]  # one read of a row more than the page
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    last_number = (total - 1) // 10 + 1
    last = paginate(_get(page=str(last_number)), _units(), 10)
    assert not last.has_next() and last.total == total
    assert (last.start_index(), last.end_index()) == ((last_number - 1) * 10 + 1, total)


def test_nonsense_page_numbers_fall_back_to_the_first_page_and_beyond_the_end_is_empty():
    assert paginate(_get(page="abc"), _units(), 10).number == 1
    assert paginate(_get(page="-4"), _units(), 10).number == 1
    beyond = paginate(_get(page="9999"), _units(), 10)
    assert list(beyond) == [] and beyond.has_previous() and beyond.total is None


def test_the_page_links_keep_the_filters_and_the_summary_shows_the_rows():
    request = _get(q="ninh kiều", status="open", page="2")
    page = paginate(request, _units(), 10)
    html = render_to_string("includes/pagination.html", {"page": page, "request": request})
    assert "page=1" in html and "page=3" in html and "q=ninh+ki%E1%BB%81u" in html and "status=open" in html
    assert "dòng 11–20" in html


def test_a_short_list_shows_its_exact_total():
    page = paginate(_get(), list(range(7)), 10)
    assert page.total == 7
    assert "7 dòng" in render_to_string("includes/page_summary.html", {"page": page})


def test_unfiltered_lists_show_an_estimate_only_on_postgresql():
    page = paginate(_get(), OrgUnit.objects.order_by("pk"), 10)
    if connection.vendor == "postgresql":
        assert page.estimate and page.estimate > 10
        assert "trên khoảng" in render_to_string("includes/page_summary.html", {"page": page})
    else:
        assert page.estimate is None and estimated_count(OrgUnit.objects.all()) is None
    assert paginate(_get(q="x"), OrgUnit.objects.order_by("pk"), 10).estimate is None  # filtered: no guess


def test_estimates_are_rounded_so_they_never_look_exact():
    assert round_estimate(198_135) == 200_000
    assert round_estimate(1_234) == 1_200
    assert round_estimate(57) == 57
