from django.urls import path

from .views import boards, cases, identity, public, sentiment

app_name = "petitions"
urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("moi/", cases.case_create, name="case_create"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/sua/", cases.case_edit, name="case_edit"),
    path("<int:pk>/buoc/<slug:step>/", cases.case_step, name="case_step"),
    path("<int:pk>/nguoi-gui/them/", cases.petitioner_add, name="petitioner_add"),
    path("nguoi-gui/<int:pk>/", cases.petitioner_edit, name="petitioner_edit"),
    path("<int:pk>/tai-lieu/them/", cases.document_add, name="document_add"),
    path("tai-lieu/<int:pk>/", cases.document_download, name="document_download"),
    path("tai-lieu/<int:pk>/xoa/", cases.document_delete, name="document_delete"),
    path("<int:pk>/cap-quyen/", identity.identity_grant, name="identity_grant"),
    path("quyen-xem/<int:pk>/thu-hoi/", identity.identity_revoke, name="identity_revoke"),
    path("quyen-xem/cho-xac-nhan/", identity.identity_requests, name="identity_requests"),
    path("quyen-xem/de-nghi/<int:pk>/<slug:decision>/", identity.identity_request_decide,
         name="identity_request_decide"),
    path("qua-han/", boards.overdue_board, name="overdue_board"),
    path("diem-nong/", boards.hotspot_board, name="hotspot_board"),
    path("diem-nong/moi/", boards.hotspot_create, name="hotspot_create"),
    path("diem-nong/<int:pk>/", boards.hotspot_detail, name="hotspot_detail"),
    path("thong-ke/", boards.statistics, name="statistics"),
    path("thoi-han/", boards.deadline_rules, name="deadline_rules"),
    path("tra-cuu/", public.lookup, name="public_lookup"),
    path("tinh-hinh/", sentiment.sentiment_list, name="sentiment_list"),
    path("tinh-hinh/moi/", sentiment.sentiment_form, name="sentiment_create"),
    path("tinh-hinh/<int:pk>/", sentiment.sentiment_detail, name="sentiment_detail"),
    path("tinh-hinh/<int:pk>/sua/", sentiment.sentiment_form, name="sentiment_edit"),
    path("tinh-hinh/<int:pk>/gui/", sentiment.sentiment_submit, name="sentiment_submit"),
    path("tinh-hinh/van-de/", sentiment.top_issues, name="top_issues"),
]
