from django.urls import path

from fupin.employment import views

app_name = "employment"
urlpatterns = [
    path("", views.home, name="home"),
    path("laborers/", views.laborer_list, name="laborer_list"),
    path("laborers/generate/", views.laborer_generate, name="laborer_generate"),
    path("laborers/<int:pk>/", views.laborer_detail, name="laborer_detail"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/import/", views.survey_import, name="survey_import"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/vacancies/new/", views.vacancy_create, name="vacancy_create"),
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("workshops/", views.workshop_list, name="workshop_list"),
    path("matching/", views.match_home, name="match_home"),
    path("matching/run/", views.match_run, name="match_run"),
    path("matching/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("matching/runs/<int:pk>/", views.match_job, name="match_job"),
    path("proposals/<int:pk>/<str:decision>/", views.proposal_decide, name="proposal_decide"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("subsidies/", views.subsidy_list, name="subsidy_list"),
    path("subsidies/apply/", views.subsidy_apply, name="subsidy_apply"),
    path("subsidies/<int:pk>/", views.subsidy_detail, name="subsidy_detail"),
]
