"""Unified social credit code (统一社会信用代码, GB 32100-2015) checks.

python-stdnum's `cn.uscc` rejects codes whose first character is a letter (N… 村集体经济组织,
Y… 其他), which are real in the villages: for those we check the same check digit ourselves.
"""

from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from fupin.core.errors import DomainError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def compact(code: str) -> str:
    return "".join((code or "").split()).upper()


def validate_credit_code(code: str) -> str:
    """The compacted code, or DomainError(field="credit_code") with a message saying what is wrong."""
    code = compact(code)
    if len(code) != 18:
        raise DomainError(
            _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}, field="credit_code"
        )
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        raise DomainError(
            _("统一社会信用代码含有不允许的字符“%(c)s”（不使用 I、O、Z、S、V）。") % {"c": bad[0]},
            field="credit_code",
        )
    if code[0].isdigit():
        try:
            return uscc.validate(code)
        except StdnumError:
            pass  # fall through to our own message below
    expected = check_character(code[:17])
    if code[17] != expected:
        raise DomainError(
            _("统一社会信用代码校验位错误：第18位应为“%(e)s”，实际为“%(a)s”。")
            % {"e": expected, "a": code[17]},
            field="credit_code",
        )
    if code[2:8].isdigit() is False:
        raise DomainError(_("统一社会信用代码第3-8位应为行政区划码。"), field="credit_code")
    return code


def make_credit_code(first17: str) -> str:
    """A valid code from its first 17 characters (for demo data and tests)."""
    return first17 + check_character(first17)
