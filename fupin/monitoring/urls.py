from django.urls import path

from fupin.monitoring.views import board, cases, exits, rules, signals

app_name = "monitoring"
urlpatterns = [
    path("", board.home, name="home"),
    path("inbox/", board.inbox, name="inbox"),
    path("signals/", signals.signal_list, name="signal_list"),
    path("signals/apply/", signals.application, name="application"),
    path("signals/screening/", signals.screening, name="screening"),
    path("signals/import/", signals.department_import, name="department_import"),
    path("signals/<int:pk>/dismiss/", signals.signal_dismiss, name="signal_dismiss"),
    path("households/<int:household_pk>/open/", signals.case_open, name="case_open"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="case_decide"),
    path("cases/<int:pk>/measures/", cases.measure_add, name="measure_add"),
    path("cases/<int:pk>/post/", cases.measure_post, name="measure_post"),
    path("cases/<int:pk>/clear/", cases.clearing_open, name="clearing_open"),
    path("rules/", rules.rule_list, name="rule_list"),
    path("rules/run/", rules.rule_run, name="rule_run"),
    path("rules/<int:pk>/", rules.rule_edit, name="rule_edit"),
    path("exits/", exits.exit_list, name="exit_list"),
    path("exits/new/", exits.exit_propose, name="exit_propose"),
    path("exits/<int:pk>/", exits.exit_detail, name="exit_detail"),
    path("exits/<int:pk>/act/", exits.exit_act, name="exit_act"),
    path("exits/<int:pk>/objections/", exits.objection_resolve, name="objection_resolve"),
    path("exits/<int:pk>/policy-problem/", exits.policy_problem, name="policy_problem"),
    path("policy/", exits.policy_check, name="policy_check"),
]
