from django.urls import path

from fupin.ledgers.views import boards, items, screening, submissions, supervision

app_name = "ledgers"
urlpatterns = [
    path("", boards.home, name="home"),
    path("items/", items.item_list, name="item_list"),
    path("items/new/", items.item_create, name="item_create"),
    path("items/import/", items.item_import, name="item_import"),
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/progress/", items.progress_add, name="progress_add"),
    path("items/<int:pk>/evidence/", items.evidence_add, name="evidence_add"),
    path("items/<int:pk>/<str:action>/", items.item_transition, name="item_transition"),
    path("evidence/<int:pk>/", items.evidence_download, name="evidence_download"),
    path("overdue/", boards.overdue, name="overdue"),
    path("inbox/", boards.inbox, name="inbox"),
    path("screening/", screening.screening_list, name="screening_list"),
    path("screening/household/<int:household_pk>/", screening.screen_household, name="screen_household"),
    path("screening/village/", screening.screen_village, name="screen_village"),
    path("screening/<int:pk>/", screening.screening_detail, name="screening_detail"),
    path("screening/<int:pk>/close/<int:item_pk>/", screening.screening_close, name="screening_close"),
    path("submissions/", submissions.submission_list, name="submission_list"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/<str:action>/", submissions.submission_action, name="submission_action"),
    path("supervision/", supervision.target_list, name="supervision_list"),
    path("supervision/new/", supervision.target_create, name="supervision_create"),
    path("supervision/<int:pk>/", supervision.target_detail, name="supervision_detail"),
    path("supervision/<int:pk>/checkin/", supervision.target_checkin, name="supervision_checkin"),
    path("supervision/<int:pk>/done/", supervision.target_done, name="supervision_done"),
    path("supervision/<int:pk>/edit/", supervision.target_edit, name="supervision_edit"),
    path("supervision/<int:pk>/review/<str:decision>/", supervision.target_review, name="supervision_review"),
    path("supervision/<int:pk>/renovations/", supervision.renovation_add, name="renovation_add"),
    path(
        "supervision/<int:pk>/renovations/<int:renovation_pk>/accept/",
        supervision.renovation_accept,
        name="renovation_accept",
    ),
    path("villages/", screening.village_list, name="village_list"),
    path("villages/new/", screening.village_create, name="village_create"),
    path("villages/<int:pk>/", screening.village_detail, name="village_detail"),
]
