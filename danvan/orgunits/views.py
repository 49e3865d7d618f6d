import datetime

from django.shortcuts import render

from danvan.accounts.permissions import home_unit, object_or_404_scoped, scope
from danvan.core.audit import history_for
from danvan.core.imports import parse_date
from danvan.core.paging import paginate

from . import selectors
from .models import OrgUnit


def _day(request) -> datetime.date | None:
    value = request.GET.get("ngay", "").strip()
    if value == "all":
        return None
    return parse_date(value) if value else selectors.today()
def browse(request):
    query = request.GET.get("q", "").strip()
    day = _day(request)
    if query:
        results = selectors.search(query, within=scope(OrgUnit.objects.all(), request.user), on=day)
        page = paginate(request, results, 50)
        return render(request, "orgunits/search.html", {"q": query, "page": page, "day": day})
    unit = home_unit(request.user)
    return render(request, "orgunits/browse.html", {
        "unit": unit, "children": selectors.children_on(unit, day) if unit else [], "day": day,
    })
def detail(request, key):
    unit = object_or_404_scoped(OrgUnit.objects.select_related("parent", "sector"),
                                request.user, key=key)
    day = _day(request)
    children = scope(selectors.children_on(unit, day), request.user)
    return render(request, "orgunits/detail.html", {
        "unit": unit, "day": day,
        "ancestors": selectors.ancestors(unit),
        "children": paginate(request, children, 100),
        "predecessors": selectors.predecessors(unit),
        "successors": selectors.successors(unit),
        "history": history_for(unit)[:50],
    })
