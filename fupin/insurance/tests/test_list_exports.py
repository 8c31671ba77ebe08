"""Every insurance list's export is audited under its own action (`<app>.<model>.exported` unless named)."""

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry

LISTS = {
    "insurance:policy_list": "insurance.policy.exported",
    "insurance:claim_list": "insurance.claim.exported",
}


@pytest.mark.parametrize(("name", "action"), LISTS.items())
def test_each_list_export_is_audited_under_its_action(client, city_user, name, action):
    client.force_login(city_user)
    response = client.get(reverse(name) + "?export=csv")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=action).exists()
