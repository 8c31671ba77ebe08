"""The password hasher: Argon2id at parameters the settings choose.

Django's own Argon2 hasher takes 100 MiB, two passes and eight lanes: about 180 ms of CPU per sign-in on
one core. In the hour before the weekly deadline every village's cadre signs in (about 5.5 sign-ins a
second at province scale), which at those parameters takes a whole core from the site. The default here is
OWASP's recommended Argon2id configuration (19 MiB, two passes, one lane: about 25 ms of CPU); an office
with cores to spare raises it with ``ARGON2_MEMORY_KIB``, ``ARGON2_TIME_COST`` and ``ARGON2_PARALLELISM``.

The algorithm's name stays ``argon2``, so stored hashes of any parameters keep verifying, and Django
re-hashes a password at the configured parameters the next time its user signs in (``must_update``).
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class ConfiguredArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with memory, passes and lanes from ``settings.ARGON2``."""

    @property
    def memory_cost(self):
        return settings.ARGON2["memory_kib"]

    @property
    def time_cost(self):
        return settings.ARGON2["time_cost"]

    @property
    def parallelism(self):
        return settings.ARGON2["parallelism"]
