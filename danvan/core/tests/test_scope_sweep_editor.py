"""The scope sweep of the Wagtail editor (/bien-tap/) and the Django admin (/quan-tri/), over the routes that
test_scope_sweep.py finds by walking the URL tree: officials without a portal role are sent to sign-in, another
province's editor and approver never see a section's draft, no POST there changes anything; non-superusers are
sent to sign-in by the admin."""

from __future__ import annotations

import pytest

from .test_scope_sweep import EDITOR_ASSETS, EDITOR_POST_BODY, A, B, _counts, _fill, _params, _routes, _sweep_of

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# Wagtail's editor (/bien-tap/). Editing rights are Wagtail page permissions that danvan/portal/editors.py derives
# from memberships: an editor of unit U works in the sections of U, an approver of U reviews U's subtree.

SECRET = "QXDRAFTCANTHO"  # in the title of A's unpublished article: nobody outside A's section may read it
SEARCH = "nháp"  # another word of that title (a search form echoes its query)


def _editor_snapshot():
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Page, Revision, Site, Task, TaskState, Workflow, WorkflowState

    from danvan.accounts.models import User

    pages = list(Page.objects.order_by("pk").values_list("pk", "path", "live", "title", "draft_title", "locked",
                                                          "has_unpublished_changes", "latest_revision_id"))
    states = list(WorkflowState.objects.order_by("pk").values_list("pk", "status")) + \
        list(TaskState.objects.order_by("pk").values_list("pk", "status"))
    counts = [m.objects.count() for m in (Revision, Collection, Site, Task, Workflow, Group, User)]
    members = list(User.groups.through.objects.order_by("pk").values_list("user_id", "group_id"))
    return pages, states, counts, members


@pytest.fixture
def editor_data(make_user, make_section, make_article):
    """A's section with a published article and an unpublished one under review; B's section; the people."""
    from wagtail.models import Site

    section_a, section_b = make_section("Tin Cần Thơ", unit_key=A), make_section("Tin Hà Nội", unit_key=B)
    make_article(section_a, "Tin đã đăng của Cần Thơ", days_ago=1)
    draft = make_article(section_a, f"Tin {SEARCH} {SECRET}", days_ago=1, publish=False)
    editor_a = make_user(A, "editor")
    state = draft.get_workflow().start(draft, editor_a)
    draft.refresh_from_db()
    people = {"editor_b": make_user(B, "editor"), "approver_b": make_user(B, "approver"),
              "officer_a": make_user(A, "officer"), "viewer_a": make_user(A, "viewer")}
    from django.contrib.auth.models import Group
    from wagtail.models import Collection

    page_ids = {"page_id": draft.pk, "parent_page_id": section_a.pk, "page_to_move_id": draft.pk,
                "page_pk": draft.pk, "destination_id": section_b.pk, "object_id": draft.pk,
                "revision_id": draft.latest_revision_id, "workflow_state_id": state.pk,
                "task_state_id": state.current_task_state.pk, "task_id": state.current_task_state.task_id,
                "workflow_pk": state.workflow_id, "collection_id": Collection.get_first_root_node().pk}
    # `pk` names a different model on each of Wagtail's screens.
    pk_by_prefix = {"bien-tap/api/main/^pages/": draft.pk, "bien-tap/workflows/tasks/": page_ids["task_id"],
                    "bien-tap/workflows/task_chooser/": page_ids["task_id"], "bien-tap/workflows/": state.workflow_id,
                    "bien-tap/collections/": page_ids["collection_id"], "bien-tap/sites/": Site.objects.get().pk,
                    "bien-tap/users/": editor_a.pk,
                    "bien-tap/groups/": Group.objects.filter(name__startswith="Biên tập tin").order_by("pk").first().pk}
    return {"draft": draft, "ids": page_ids, "pk_by_prefix": pk_by_prefix, **people}


# Values of the editor's other URL parameters (documents and images: none exist, the URL still has to answer
# without data; editors have no document rights at all).
EDITOR_VALUES = {"app_label": "portal", "model_name": "articlepage", "content_type_app_name": "portal",
                 "content_type_model_name": "articlepage", "app_name": "portal", "action": "delete",
                 "action_name": "approve", "session_id": "1", "document_id": "1", "doc_id": "1",
                 "uploaded_file_id": "1", "image_id": "1", "filter_spec": "original", "uidb64": "MQ", "token": "x"}
PAGE_PARAMS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk", "object_id"}


def _editor_urls(data):
    """(route, url, names) for every editor route, filled with A's pages and Wagtail objects."""
    for route, _callback in _routes():
        if _sweep_of(route, _callback) != "editor":
            continue
        if route.endswith("^.*/$"):  # Wagtail's catch-all 404 inside the editor
            yield route, "/bien-tap/khong-co-trang-nay/", set()
            continue
        if "revisions/compare/" in route:  # unnamed groups: page id, then two revision specifiers
            yield route, f"/bien-tap/pages/{data['draft'].pk}/revisions/compare/earliest...latest/", {"page_id"}
            continue
        names = _params(route)
        values = {}
        for name in names:
            if name == "pk":
                prefix = max((p for p in data["pk_by_prefix"] if route.startswith(p)), key=len, default=None)
                values[name] = str(data["pk_by_prefix"][prefix]) if prefix else "1"
            elif name in data["ids"]:
                values[name] = str(data["ids"][name])
            else:
                assert name in EDITOR_VALUES, f"{route}: teach the editor sweep a value for {name}"
                values[name] = EDITOR_VALUES[name]
        yield route, _fill(route, values), set(names)


SIGN_IN = ("/tai-khoan/dang-nhap/", "/bien-tap/login/")  # the latter only redirects to the former


def _leaks(response) -> bool:
    return SECRET in response.content.decode(errors="replace")


def test_the_editor_is_closed_to_officials_without_a_portal_role(client, editor_data):
    """An officer or a viewer (no editor or approver role): every editor route sends them to the sign-in page
    (Wagtail's answer to a signed-in user without `access_admin`), or 404/405; nothing is shown or changed."""
    client.raise_request_exception = False
    before = _editor_snapshot()
    swept = 0
    for who in ("officer_a", "viewer_a"):
        client.force_login(editor_data[who])
        for route, url, _names in _editor_urls(editor_data):
            for method in ("get", "post"):
                response = getattr(client, method)(url, EDITOR_POST_BODY.get(route, {}))
                assert not _leaks(response), (who, method, url)
                if route in EDITOR_ASSETS:
                    continue
                signin = response.status_code == 302 and response["Location"].startswith(SIGN_IN)
                assert signin or response.status_code in (403, 404, 405), (who, method, url, response.status_code)
                swept += 1
    assert swept > 600
    assert _editor_snapshot() == before


def test_another_provinces_editor_cannot_open_a_sections_pages(client, editor_data):
    """An editor and an approver of B: no editor route shows A's unpublished article (not with a search for its
    title either), no route about A's pages opens it, and no POST changes anything."""
    client.raise_request_exception = False
    before = _editor_snapshot()
    # Routes about one of A's pages that may answer 200 without showing it: the link chooser lists the section's
    # live pages (drafts are left out: danvan/portal/wagtail_hooks.py); the cancel-confirmation only says
    # whether a confirmation is needed.
    opens_without_the_page = {"bien-tap/choose-page/<int:parent_page_id>/",
                              "bien-tap/pages/workflow/confirm_cancellation/<int:page_id>/"}
    for who in ("editor_b", "approver_b"):
        client.force_login(editor_data[who])
        for route, url, names in _editor_urls(editor_data):
            for query in ("", f"?q={SEARCH}&search={SEARCH}"):
                response = client.get(url + query)
                assert response.status_code != 500, (who, url + query)
                assert not _leaks(response), (who, url + query, response.status_code)
            if names & PAGE_PARAMS and route not in opens_without_the_page:
                assert response.status_code in (302, 403, 404, 405), (who, url, response.status_code)
            response = client.post(url, EDITOR_POST_BODY.get(route, {}))
            assert response.status_code != 500 and not _leaks(response), (who, "post", url, response.status_code)
    assert _editor_snapshot() == before
    # A's own editor does see the draft (the sweep would pass vacuously otherwise).
    client.force_login(type(editor_data["editor_b"]).objects.get(pk=editor_data["pk_by_prefix"]["bien-tap/users/"]))
    assert _leaks(client.get(f"/bien-tap/pages/{editor_data['draft'].pk}/edit/"))
    assert _leaks(client.get(f"/bien-tap/choose-page/{editor_data['ids']['parent_page_id']}/"))


# ---------------------------------------------------------------------------------------------------------------
# Django's admin (/quan-tri/): superusers only (is_staff). Everyone else is sent to the sign-in page.

ADMIN_VALUES = {"object_id": "1", "content_type_id": "1", "id": "1", "app_label": "accounts"}


def test_the_admin_is_closed_to_everyone_but_superusers(client, make_user):
    client.raise_request_exception = False
    approver = make_user(A, "approver")
    client.force_login(approver)
    before = _counts()
    swept = 0
    for route, callback in _routes():
        if _sweep_of(route, callback) != "admin":
            continue
        url = _fill(route, {n: ADMIN_VALUES.get(n, "1") for n in _params(route)})
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            signin = response.status_code == 302 and "dang-nhap" in response["Location"] or \
                response.status_code == 302 and "/quan-tri/login/" in response["Location"]
            assert signin or response.status_code in (403, 404), (method, url, response.status_code)
            assert "Cần Thơ" not in response.content.decode(errors="replace"), url
            swept += 1
    assert swept > 120
    assert _counts() == before
