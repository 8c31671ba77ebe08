"""Demo accounts, one or more for every role. Their usernames start with DEMO_PREFIX.

The three system roles are held by separate accounts (三权分立): demo_admin (system administrator),
demo_security and demo_security2 (security administrators: one requests, the other approves changes to
an auditor's account) and demo_auditor. Every account that needs a second factor gets a TOTP device with a
fixed secret per account (fupin.accounts.otp.demo_secret), printed by `manage.py demo_logins`; the
current code comes from `manage.py demo_otp USERNAME`."""

import base64
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from fupin.accounts.models import RoleAssignment, User
from fupin.accounts.otp import install_demo_device
from fupin.accounts.roles import Role, needs_second_factor
from fupin.regions.models import Region, RegionLevel

DEMO_PREFIX = "demo_"
# One password for every demo account: 15 characters, upper, lower, digit and symbol.
DEMO_PASSWORD = "Fupin-Demo-2020"  # the published demo password, demo accounts only  # nosec B105
DEPARTMENTS = [
    ("hrss", "市人力资源社会保障局"),
    ("agri", "市农业农村局"),
    ("housing", "市住房城乡建设局"),
    ("water", "市水利局"),
    ("finance", "市财政局"),
]
# fmt: off
COUNTY_SLUGS = {
    "440703": "pengjiang", "440704": "jianghai", "440705": "xinhui", "440781": "taishan",
    "440783": "kaiping", "440784": "heshan", "440785": "enping", "451425": "tiandeng",
}
# fmt: on
PAIRED_COUNTY = "451425"  # 天等县, paired with 蓬江区


@dataclass
class DemoAccount:
    username: str
    display_name: str
    role: str
    region_code: str
    unit: str = ""


def demo_accounts(
    city_prefix: str, town_code: str, village_codes: list[str], paired_county: str
) -> list[DemoAccount]:
    city = city_prefix.ljust(12, "0")
    city_name = Region.objects.get(code=city).name
    accounts = [DemoAccount(f"{DEMO_PREFIX}city", f"{city_name}扶贫办", Role.CITY_OFFICE, city)]
    for county in Region.objects.filter(parent_id=city, level=RegionLevel.COUNTY).order_by("code"):
        slug = COUNTY_SLUGS.get(county.code[:6], county.code[:6])
        accounts.append(
            DemoAccount(
                f"{DEMO_PREFIX}district_{slug}", f"{county.name}扶贫办", Role.DISTRICT_OFFICE, county.code
            )
        )
    town = Region.objects.get(code=town_code)
    accounts.append(DemoAccount(f"{DEMO_PREFIX}town", f"{town.name}扶贫工作组", Role.TOWN_GROUP, town.code))
    for i, village in enumerate(Region.objects.filter(code__in=village_codes).order_by("code"), start=1):
        accounts.append(
            DemoAccount(f"{DEMO_PREFIX}village{i}", f"{village.name}村干部", Role.VILLAGE_CADRE, village.code)
        )
        accounts.append(
            DemoAccount(
                f"{DEMO_PREFIX}secretary{i}", f"{village.name}第一书记", Role.FIRST_SECRETARY, village.code
            )
        )
    for slug, unit in DEPARTMENTS:
        accounts.append(
            DemoAccount(
                f"{DEMO_PREFIX}dept_{slug}",
                unit.removeprefix("市") + "联络员",
                Role.DEPARTMENT,
                city,
                unit=unit,
            )
        )
    paired = Region.objects.filter(code=paired_county.ljust(12, "0")).first()
    if paired is not None:
        slug = COUNTY_SLUGS.get(paired_county, paired_county)
        accounts.append(
            DemoAccount(
                f"{DEMO_PREFIX}paired_{slug}",
                f"{paired.name}协作对接人",
                Role.PAIRED_COUNTERPART,
                paired.code,
            )
        )
    accounts.append(DemoAccount(f"{DEMO_PREFIX}auditor", "审计员", Role.AUDITOR, city))
    accounts.append(DemoAccount(f"{DEMO_PREFIX}admin", "系统管理员", Role.SYSADMIN, city))
    accounts.append(DemoAccount(f"{DEMO_PREFIX}security", "安全管理员", Role.SECURITY_ADMIN, city))
    accounts.append(DemoAccount(f"{DEMO_PREFIX}security2", "安全管理员（复核）", Role.SECURITY_ADMIN, city))
    return accounts


def create_demo_users(accounts: list[DemoAccount]) -> int:
    """Create the accounts that do not exist yet (existing ones are left as they are)."""
    created = 0
    encoded = None  # Argon2 is slow on purpose: hash the shared demo password once
    existing = set(
        User.objects.filter(username__in=[a.username for a in accounts]).values_list("username", flat=True)
    )
    for account in accounts:
        if account.username in existing:
            continue
        user = User(username=account.username, display_name=account.display_name, unit=account.unit)
        validate_password(DEMO_PASSWORD, user)
        encoded = encoded or make_password(DEMO_PASSWORD)
        user.password = encoded
        user.save()
        RoleAssignment.objects.create(
            user=user, role=account.role, region_id=account.region_code, unit=account.unit
        )
        if needs_second_factor(account.role):
            install_demo_device(user)
        created += 1
    return created


def demo_logins() -> list[tuple[str, str, str, str, str, str]]:
    """(username, display name, role, region, password, TOTP secret in base32) of every demo account in
    the database; the secret is what a person types into an authenticator app (or "" without a device)."""
    rows = []
    users = (
        User.objects.filter(username__startswith=DEMO_PREFIX)
        .order_by("id")
        .prefetch_related("role_assignments__region")
    )
    secrets = {
        d.user_id: base64.b32encode(d.bin_key).decode()
        for d in TOTPDevice.objects.filter(user__in=users, confirmed=True)
    }
    for user in users:
        for a in user.role_assignments.all():
            region = a.region.name + (f" / {a.unit}" if a.unit else "")
            role = str(a.get_role_display())
            rows.append(
                (user.username, user.display_name, role, region, DEMO_PASSWORD, secrets.get(user.pk, ""))
            )
    return rows
