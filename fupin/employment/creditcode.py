"""Unified social credit code (统一社会信用代码, GB 32100-2015) checks: the one checker every app calls
where a code is typed (employment enterprises, consumption buyers, protective-supply recipients, industry
operators).

A code is checked in full: 18 characters of the code's alphabet; the first character a registration
authority (登记管理部门) and the second a type (机构类别) that authority issues; characters 3–8 an
administrative division code; the check character. python-stdnum's `cn.uscc` rejects codes whose first
character is a letter (N… 村集体经济组织, Y… 其他), which are real in the villages: for those we check the
same check digit ourselves.
"""

from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from fupin.core.errors import DomainError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

# 登记管理部门代码 → the 机构类别代码 it issues (GB 32100-2015 appendix A, with the later N and A codes;
# DOMAIN.md §4.2).
AUTHORITY_TYPES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游: 外国旅游部门常驻代表机构, 港澳台旅游部门常驻代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def compact(code: str) -> str:
    return "".join((code or "").split()).upper()


def _error(message):
    return DomainError(message, field="credit_code")


def _check_shape(code):
    if len(code) != 18:
        raise _error(_("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)})
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        raise _error(_("统一社会信用代码含有不允许的字符“%(c)s”（不使用 I、O、Z、S、V）。") % {"c": bad[0]})


def _check_authority(code):
    types = AUTHORITY_TYPES.get(code[0])
    if types is None:
        raise _error(_("统一社会信用代码第1位“%(c)s”不是登记管理部门代码。") % {"c": code[0]})
    if code[1] not in types:
        raise _error(
            _("统一社会信用代码第2位“%(t)s”不是登记管理部门“%(a)s”的机构类别代码（可为：%(allowed)s）。")
            % {"t": code[1], "a": code[0], "allowed": "、".join(types)}
        )
    if not code[2:8].isdigit():
        raise _error(_("统一社会信用代码第3-8位应为行政区划码。"))


def validate_credit_code(code: str) -> str:
    """The compacted code, or DomainError(field="credit_code") with a message saying what is wrong."""
    code = compact(code)
    _check_shape(code)
    _check_authority(code)
    if code[0].isdigit():
        try:
            return uscc.validate(code)
        except StdnumError:
            pass  # fall through to our own message below
    expected = check_character(code[:17])
    if code[17] != expected:
        raise _error(
            _("统一社会信用代码校验位错误：第18位应为“%(e)s”，实际为“%(a)s”。")
            % {"e": expected, "a": code[17]}
        )
    return code


def validate_optional_credit_code(code: str) -> str:
    """'' for a blank code, else the checked code (forms where the code is not required)."""
    return validate_credit_code(code) if compact(code) else ""


def make_credit_code(first17: str) -> str:
    """A valid code from its first 17 characters (for demo data and tests)."""
    return first17 + check_character(first17)
