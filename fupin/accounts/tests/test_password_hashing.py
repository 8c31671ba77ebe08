"""Password hashing: Argon2id at the configured parameters, older hashes upgraded at the next sign-in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password

from fupin.accounts.tests.factories import DEFAULT_PASSWORD

LOGIN = "/accounts/login/"


def _parameters(encoded):
    """The (memory KiB, passes, lanes) an encoded Argon2 hash was made with."""
    decoded = identify_hasher(encoded).decode(encoded)
    return decoded["memory_cost"], decoded["time_cost"], decoded["parallelism"]


def test_a_new_password_is_hashed_with_argon2id_at_the_configured_parameters(village_user, settings):
    assert identify_hasher(village_user.password).decode(village_user.password)["variety"] == "argon2id"
    expected = settings.ARGON2
    assert _parameters(village_user.password) == (
        expected["memory_kib"],
        expected["time_cost"],
        expected["parallelism"],
    )


def test_an_office_can_raise_the_parameters(settings):
    settings.ARGON2 = {"memory_kib": 65536, "time_cost": 3, "parallelism": 2}
    assert _parameters(make_password("Lychee-Ferry-58")) == (65536, 3, 2)


@pytest.mark.django_db
def test_a_hash_of_older_parameters_still_signs_in_and_is_rewritten(client, village_user, settings):
    # A password stored at Django's own Argon2 parameters (100 MiB, 2 passes, 8 lanes).
    village_user.password = Argon2PasswordHasher().encode(DEFAULT_PASSWORD, Argon2PasswordHasher().salt())
    village_user.save(update_fields=["password"])
    assert _parameters(village_user.password) == (102400, 2, 8)

    response = client.post(LOGIN, {"username": village_user.username, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302  # on to the second factor: the password was accepted
    village_user.refresh_from_db()
    assert _parameters(village_user.password) == (
        settings.ARGON2["memory_kib"],
        settings.ARGON2["time_cost"],
        settings.ARGON2["parallelism"],
    )
