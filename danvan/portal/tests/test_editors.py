"""Memberships become Wagtail rights: a province's editors write in its section only; approvers publish."""

from wagtail.models import Page, WorkflowState

from danvan.portal.models import ArticlePage


def _perms(user, page):
    return Page.objects.get(pk=page.pk).permissions_for_user(user)


def test_editor_edits_own_province_section_only(make_user, make_section):
    can_tho, ha_noi = make_section("Cần Thơ", unit_key="VN-92"), make_section("Hà Nội", unit_key="VN-01")
    editor = make_user("VN-92", "editor")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert _perms(editor, can_tho).can_add_subpage()
    assert not _perms(editor, can_tho).can_publish_subpage()
    assert not _perms(editor, ha_noi).can_add_subpage()


def test_approver_reviews_the_subtree_and_officers_get_nothing(make_user, make_section):
    can_tho = make_section("Cần Thơ", unit_key="VN-92")
    central = make_section("Trung ương", unit_key="VN")
    approver = make_user("VN-92", "approver")
    assert _perms(approver, can_tho).can_publish_subpage()
    assert not _perms(approver, central).can_add_subpage()
    officer = make_user("VN-92", "officer")
    assert not officer.has_perm("wagtailadmin.access_admin")


def test_removing_the_membership_removes_the_rights(make_user, make_section):
    can_tho = make_section("Cần Thơ", unit_key="VN-92")
    editor = make_user("VN-92", "editor")
    editor.memberships.all().delete()
    editor = type(editor).objects.get(pk=editor.pk)
    assert not _perms(editor, can_tho).can_add_subpage()
    assert not editor.groups.exists()


def test_a_new_section_gets_groups_for_existing_editors(make_user, make_section):
    editor = make_user("VN-01", "editor")
    ha_noi = make_section("Hà Nội", unit_key="VN-01")
    assert _perms(editor, ha_noi).can_add_subpage()


def test_draft_review_publish_through_the_section_workflow(make_user, make_section, make_article):
    section = make_section("Cần Thơ", unit_key="VN-92")
    editor, approver = make_user("VN-92", "editor"), make_user("VN-92", "approver")
    page = make_article(section, title="Tin Cần Thơ chờ duyệt", publish=False)
    workflow = page.get_workflow()
    assert workflow is not None
    state = workflow.start(page, editor)
    assert not ArticlePage.objects.get(pk=page.pk).live
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(page, approver)
    assert not task_state.task.specific.get_actions(page, editor)  # editors cannot approve their own
    task_state.task.specific.on_action(task_state, approver, "approve")
    assert ArticlePage.objects.get(pk=page.pk).live
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def test_the_editor_writes_reviews_and_schedules_in_vietnamese(client, make_user, make_section, make_article):
    section = make_section("Cần Thơ", unit_key="VN-92")
    page = make_article(section, title="Tin chờ biên tập", publish=False)
    client.force_login(make_user("VN-92", "editor"))
    html = client.get(f"/bien-tap/pages/{page.pk}/edit/").content.decode()
    for vietnamese in ("Lưu bản nháp", "Đặt lịch đăng", "Quảng bá", "Nội dung", "Chưa hẹn giờ đăng"):
        assert vietnamese in html, vietnamese
    for english in ("Save draft", "Set publishing schedule", "No publishing schedule set"):
        assert english not in html, english
    images = client.get("/bien-tap/images/multiple/add/").content.decode()
    assert "Kéo thả ảnh vào vùng này để tải lên ngay." in images
