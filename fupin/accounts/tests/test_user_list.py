"""The user list on the one list page: `?sort=`, export of the filtered users, former spellings."""

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry


@pytest.fixture
def admin_client(client, security_admin_user):
    client.force_login(security_admin_user)
    return client


def test_user_list_sorts_by_username_descending_then_back(admin_client, villages):
    for name in ("cadre-b", "cadre-c", "cadre-a"):
        make_user(Role.VILLAGE_CADRE, "440703101201", username=name)
    url = reverse("accounts:user_list")

    down = admin_client.get(url, {"q": "cadre", "sort": "-username"})
    up = admin_client.get(url, {"q": "cadre", "sort": "username"}).context["page"].object_list

    assert [u.username for u in down.context["page"].object_list] == ["cadre-c", "cadre-b", "cadre-a"]
    assert [u.username for u in up] == ["cadre-a", "cadre-b", "cadre-c"]
    assert "sort=username" in down.content.decode()  # the header link turns the order back


def test_user_export_holds_the_filtered_users_in_order_and_is_audited(admin_client, villages):
    for name in ("cadre-b", "cadre-a"):
        make_user(Role.VILLAGE_CADRE, "440703101201", username=name)
    make_user(Role.TOWN_GROUP, "440703101000", username="towner")

    response = admin_client.get(
        reverse("accounts:user_list"), {"role": Role.VILLAGE_CADRE, "sort": "username", "export": "xlsx"}
    )

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[2][:2] == ("用户名", "姓名")
    assert [row[0] for row in rows[3:]] == ["cadre-a", "cadre-b"]
    assert "村" in rows[3][4]  # role and region, as before
    entry = AuditEntry.objects.get(action="accounts.user.exported")
    assert entry.changes["rows"] == [None, 2]


def test_user_list_redirects_the_former_spellings(admin_client):
    response = admin_client.get(reverse("accounts:user_list"), {"q": "a", "ordering": "-joined"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_list") + "?q=a&sort=-joined"
