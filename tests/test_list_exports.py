"""Every list's export is audited under its own action (`<app>.<model>.exported` unless the page names one)."""

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry

LISTS = {
    # employment
    "employment:enterprise_list": "employment.enterprise.exported",
    "employment:vacancy_list": "employment.vacancy.exported",
    "employment:workshop_list": "employment.workshop.exported",
    "employment:laborer_list": "employment.laborer.exported",
    "employment:survey_list": "employment.surveyround.exported",
    "employment:labour_request_list": "employment.labourrequest.exported",
    "employment:event_list": "employment.recruitmentevent.exported",
    "employment:officer_list": "employment.enterpriseofficer.exported",
    "employment:post_list": "employment.publicwelfarepost.exported",
    "employment:referral_list": "employment.referral.exported",
    "employment:subsidy_list": "employment.subsidyapplication.exported",
    # finance
    "finance:loan_list": "finance.loan.exported",
    "finance:subsidy_list": "finance.interestsubsidy.exported",
    # insurance
    "insurance:policy_list": "insurance.policy.exported",
    "insurance:claim_list": "insurance.claim.exported",
    # training
    "training:class_list": "training.trainingclass.exported",
    "training:willingness_list": "training.trainingwillingness.exported",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "action"), LISTS.items())
def test_each_list_export_is_audited_under_its_action(client, city_user, name, action):
    client.force_login(city_user)
    response = client.get(reverse(name) + "?export=csv")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=action).exists()
