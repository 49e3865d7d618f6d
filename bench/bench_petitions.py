"""Time the petitions reads on a generated data set (see gen_petitions.py); prints medians in ms.

    DATABASE_URL=... python bench/bench_petitions.py --repeat 7
"""

from __future__ import annotations

import argparse

from _common import setup_django, timed

setup_django()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from danvan.orgunits.models import OrgUnit  # noqa: E402
from danvan.petitions import selectors  # noqa: E402
from danvan.petitions.models import Case  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    today = selectors.today()
    year = today.year - 1
    nation = OrgUnit.objects.get(key="VN")
    cantho = OrgUnit.objects.get(key="VN-92")
    commune = (OrgUnit.objects.filter(parent=cantho, kind="commune", valid_from__isnull=False)
               .order_by("key").first())
    code = Case.objects.order_by("id").values_list("tracking_code", flat=True)[1000]
    total = Case.objects.count()

    from danvan.accounts.models import Membership, User

    user, _created = User.objects.get_or_create(username="bench.petitions")
    Membership.objects.get_or_create(user=user, unit=cantho, role="officer")
    # Pages are rendered without collectstatic: plain static storage instead of the manifest.
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
    client = Client()
    client.force_login(user)

    def page(url):
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content)

    cases = [
        ("counts(VN, năm)", lambda: selectors.counts(nation, str(year))["received"]),
        ("counts(VN-92, năm, historical)", lambda: selectors.counts(cantho, str(year))["received"]),
        ("counts(VN-92, năm 2024, current)",
         lambda: selectors.counts(cantho, "2024", boundaries="current")["received"]),
        ("counts(xã, năm)", lambda: selectors.counts(commune, str(year))["received"]),
        ("received_by_unit(VN, năm)", lambda: len(selectors.received_by_unit(nation, str(year)))),
        ("overdue_cases(VN).count()", lambda: selectors.overdue_cases(nation).count()),
        ("overdue_by_unit(VN)", lambda: len(selectors.overdue_by_unit(nation))),
        ("overdue_cases(VN-92)[:50]", lambda: len(list(selectors.overdue_cases(cantho)[:50]))),
        ("hotspot_board(VN)", lambda: selectors.hotspot_board(nation)["active"]),
        ("search 'boi thuong tai dinh cu' (VN) count",
         lambda: selectors.filter_cases(Case.objects.all(), q="boi thuong tai dinh cu").count()),
        ("public_status(code)", lambda: selectors.public_status(code)["status"]),
        ("GET /don-thu/ (officer VN-92)", lambda: page("/don-thu/")),
        ("GET /don-thu/qua-han/ (VN-92)", lambda: page("/don-thu/qua-han/")),
        ("GET /don-thu/thong-ke/ (VN-92)", lambda: page(f"/don-thu/thong-ke/?ky={year}")),
    ]
    print(f"# {connection.vendor}, {total:,} vụ việc, năm đo: {year}, lặp {args.repeat} lần")
    print("| phép đo | trung vị (ms) | kết quả |")
    print("|---|---:|---:|")
    for label, fn in cases:
        median, result = timed(fn, args.repeat)
        print(f"| {label} | {median:,.1f} | {result} |", flush=True)


if __name__ == "__main__":
    main()
