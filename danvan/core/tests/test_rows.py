"""core.rows: the helpers of list rows built in Python (issue 16)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.core import rows


@pytest.mark.parametrize("viewname", ["activities:detail", "petitions:case_detail", "registry:detail"])
def test_url_for_gives_what_reverse_gives(viewname):
    url = rows.url_for(viewname)
    for pk in (1, 12, 2147483647, 10**12):
        assert url(pk) == reverse(viewname, args=[pk])


def test_url_for_needs_a_view_with_one_integer():
    with pytest.raises(Exception):  # noqa: B017, PT011 - NoReverseMatch for a view without arguments
        rows.url_for("home")


def test_number_and_date_write_what_the_filters_write():
    assert rows.number(183676) == "183.676" and rows.number(None) == "" and rows.number("") == ""
    assert rows.number(0) == "0" and rows.number(-1234567) == "-1.234.567"
    assert rows.date(datetime.date(2017, 12, 27)) == "27/12/2017" and rows.date(None) == ""
    moment = timezone.make_aware(datetime.datetime(2026, 1, 31, 20, 0), datetime.UTC)
    assert rows.date(moment) == "01/02/2026"  # Hà Nội is UTC+7


@pytest.mark.django_db
def test_the_menu_built_once_per_language_and_entry_marks_the_current_section(make_user, client_for):
    client = client_for(make_user("VN-92", "officer"))
    page = client.get("/hoat-dong/van-ban/").content.decode()
    # Both "Hoạt động" (/hoat-dong/) and "Văn bản" (/hoat-dong/van-ban/) hold the path, as with the template loop.
    assert '<a href="/hoat-dong/" class="active" aria-current="page">Hoạt động</a>' in page
    assert '<a href="/hoat-dong/van-ban/" class="active" aria-current="page">Văn bản</a>' in page
    assert '<a href="/don-thu/">Đơn thư</a>' in page
    client.cookies["django_language"] = "en"
    page = client.get("/don-thu/").content.decode()
    assert '<a href="/don-thu/" class="active" aria-current="page">Letters</a>' in page
    assert '<a href="/hoat-dong/">Activities</a>' in page
