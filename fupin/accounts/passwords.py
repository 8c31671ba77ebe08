"""Password rule: at least N of the four character classes (lower, upper, digit, symbol)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern in self.CLASSES if re.search(pattern, password))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}


class MinimumLengthValidator:
    """Length rule with a Chinese source message (Django's own message has no current zh-Hans translation)."""

    def __init__(self, min_length=10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码太短，至少需要 %(n)d 个字符。") % {"n": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("密码至少需要 %(n)d 个字符。") % {"n": self.min_length}


# Words an attacker tries first here: the system, the city and its districts, the province, the roles.
LOCAL_WORDS = [
    "fupin", "jiangmen", "guangdong", "admin", "administrator", "password", "qiaoxiang", "wuyi",
    "pengjiang", "jianghai", "xinhui", "taishan", "kaiping", "heshan", "enping", "guangzhou",
    "shenzhen", "foshan", "zhuhai", "dongguan", "zhongshan", "tiandeng", "chongzuo", "guangxi",
    "jiangmenshi", "fupinban", "shizhang", "cunwei", "zhenfu", "gov", "welcome", "qwerty",
    "江门", "广东", "扶贫", "蓬江", "江海", "新会", "台山", "开平", "鹤山", "恩平",
]  # fmt: skip
YEARS = [str(year) for year in range(1949, 2031)]


def _region_names() -> list[str]:
    """Names of the regions in the database down to counties (towns and villages are too many)."""
    from fupin.regions.models import Region, RegionLevel

    return list(Region.objects.filter(level__lte=RegionLevel.COUNTY).values_list("name", flat=True))


def _user_words(user) -> list[str]:
    if user is None:
        return []
    words = [getattr(user, f, "") or "" for f in ("username", "display_name", "unit", "phone")]
    return [w for w in words if w]


class StrengthValidator:
    """zxcvbn strength (keyboard walks, repeats, dates, dictionary words) with the user's own names,
    local place names, the regions in the database and the years 1949–2030 as extra dictionary words."""

    def __init__(self, min_score=3):
        self.min_score = min_score

    def validate(self, password, user=None):
        from zxcvbn import zxcvbn

        # Every check made by the system names the user; region names then come from the database.
        regions = _region_names() if user is not None else []
        inputs = [*LOCAL_WORDS, *YEARS, *regions, *_user_words(user)]
        result = zxcvbn(password[:100], user_inputs=inputs)
        if result["score"] < self.min_score:
            raise ValidationError(
                _("密码太容易被猜中（含常见词、地名、年份、键盘顺序或重复字符），请换一个更复杂的密码。"),
                code="password_too_guessable",
            )

    def get_help_text(self):
        return _("不要使用常见词、地名、年份、键盘顺序或重复字符。")
