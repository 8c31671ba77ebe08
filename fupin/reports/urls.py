from django.urls import include, path

from fupin.reports import grid_views, tracking_views, views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("weekly/", views.weekly_report, name="weekly_report"),
    path("completeness/", views.completeness, name="completeness"),
    path("timeliness/", tracking_views.timeliness, name="timeliness"),
    path("reminders/", tracking_views.reminders, name="reminders"),
    path("households/", views.households_behind, name="households_behind"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/create-items/", views.proposals_create_items, name="proposals_create_items"),
    path("at-risk/", views.at_risk, name="at_risk"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/open/", grid_views.open_period, name="period_open"),
    path("periods/<int:period_id>/import/", grid_views.import_assessments, name="assessment_import"),
    path(
        "periods/<int:period_id>/village/<str:code>/",
        include(
            [
                path("", grid_views.village_grid, name="village_grid"),
                path("carry-all/", grid_views.carry_all, name="carry_all"),
                path("<int:household_id>/save/", grid_views.save_row, name="save_row"),
                path("<int:household_id>/carry/", grid_views.carry_row, name="carry_row"),
            ]
        ),
    ),
    path("village-reports/<int:pk>/", grid_views.report_detail, name="report_detail"),
    path("village-reports/<int:pk>/<str:action>/", grid_views.report_action, name="report_action"),
    path("risk/", grid_views.area_risks, name="area_risks"),
    path("supplies/", grid_views.supplies, name="supplies"),
]
