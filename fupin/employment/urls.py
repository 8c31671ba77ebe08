from django.urls import path

from fupin.employment.views import enterprises, laborers, labour, matching, posts, referrals, subsidies

# The board (employment:home) is composed in the dashboard, which routes it with these pages under the same
# names: fupin/dashboard/employment_urls.py.
app_name = "employment"
urlpatterns = [
    path("laborers/", laborers.laborer_list, name="laborer_list"),
    path("laborers/generate/", laborers.laborer_generate, name="laborer_generate"),
    path("laborers/<int:pk>/", laborers.laborer_detail, name="laborer_detail"),
    path("surveys/", laborers.survey_list, name="survey_list"),
    path("surveys/import/", laborers.survey_import, name="survey_import"),
    path("enterprises/", enterprises.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", enterprises.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/vacancies/new/", enterprises.vacancy_create, name="vacancy_create"),
    path("vacancies/", enterprises.vacancy_list, name="vacancy_list"),
    path("workshops/", enterprises.workshop_list, name="workshop_list"),
    path("matching/", matching.match_home, name="match_home"),
    path("matching/run/", matching.match_run, name="match_run"),
    path("matching/<int:pk>/", matching.batch_detail, name="batch_detail"),
    path("matching/runs/<int:pk>/", matching.match_job, name="match_job"),
    path("proposals/<int:pk>/<str:decision>/", matching.proposal_decide, name="proposal_decide"),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("posts/", posts.post_list, name="post_list"),
    path("posts/new/", posts.post_create, name="post_create"),
    path("posts/<int:pk>/", posts.post_detail, name="post_detail"),
    path("occupancies/<int:pk>/end/", posts.occupancy_end, name="occupancy_end"),
    path("requests/", labour.labour_request_list, name="labour_request_list"),
    path("events/", labour.event_list, name="event_list"),
    path("events/new/", labour.event_create, name="event_create"),
    path("events/<int:pk>/", labour.event_detail, name="event_detail"),
    path("officers/", labour.officer_list, name="officer_list"),
    path("enterprises/<int:pk>/officers/new/", labour.officer_assign, name="officer_assign"),
    path("officers/<int:pk>/end/", labour.officer_end, name="officer_end"),
    path("subsidies/", subsidies.subsidy_list, name="subsidy_list"),
    path("subsidies/apply/", subsidies.subsidy_apply, name="subsidy_apply"),
    path("subsidies/<int:pk>/", subsidies.subsidy_detail, name="subsidy_detail"),
]
