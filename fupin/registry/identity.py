"""Resident ID numbers (GB 11643): normalisation and checks, as pure functions.

python-stdnum computes the check digit and reads the birth date. Its `validate` is not used as the
whole check: it requires the area code to have existed in the birth year, but the code in an ID is the
one in force when the number was assigned, often years after birth (python-stdnum issue #442). Here an
area code passes if it existed at any time from the birth year on; a code missing from the known
history is a warning, not an error.
"""

import datetime
import functools
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric


class IdNumberError(ValueError):
    pass


@dataclass
class IdInfo:
    number: str
    birth_date: datetime.date
    sex: str  # "1" male, "2" female (registry Sex codes)
    area_code: str
    warnings: list[str] = field(default_factory=list)


def normalize(raw) -> str:
    """Full-width to half-width, spaces removed, x upper-cased."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    return "".join(text.split()).upper()


@functools.lru_cache(maxsize=4096)
def area_years(area_code: str) -> list[tuple[int | None, int | None]] | None:
    """Known (start, end) year ranges of a 6-digit area code, or None when unknown."""
    results = numdb.get("cn/loc").info(area_code)
    info = {k: v for _part, props in results for k, v in props.items()}
    if "county" not in info:
        return None
    ranges = []
    for county in info["county"].split(","):
        if not county.startswith("["):
            ranges.append((None, None))
            continue
        start, end = county[1:].split("]")[0].split("-")
        ranges.append((int(start) if start else None, int(end) if end else None))
    return ranges


def convert_15_to_18(number: str) -> str:
    """First-generation 15-digit IDs: insert the century 19 and append the check digit."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def check(raw) -> IdInfo:
    """Validate a resident ID; raises IdNumberError with a Chinese message."""
    number = normalize(raw)
    warnings = []
    if len(number) == 15 and number.isdigit():
        number = convert_15_to_18(number)
        warnings.append(_("15位身份证号已转换为18位：%(n)s") % {"n": number})
    if len(number) != 18:
        raise IdNumberError(_("身份证号码应为18位，实际为%(n)d位。") % {"n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(_("身份证号码只能包含数字，最后一位可以是X。"))
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(_("身份证号码校验位错误。"))
    try:
        birth = ric.get_birth_date(number)
    except Exception as exc:
        raise IdNumberError(_("身份证号码中的出生日期无效。")) from exc
    if birth > datetime.date.today() or birth.year < 1890:
        raise IdNumberError(_("身份证号码中的出生日期无效。"))
    years = area_years(number[:6])
    if years is None:
        warnings.append(_("身份证号码的地址码 %(c)s 不在已知的行政区划代码中，请核实。") % {"c": number[:6]})
    elif not any(end is None or end >= birth.year for _start, end in years):
        raise IdNumberError(
            _("身份证号码的地址码 %(c)s 在出生年份 %(y)d 之前已撤销。") % {"c": number[:6], "y": birth.year}
        )
    sex = "1" if int(number[16]) % 2 == 1 else "2"
    return IdInfo(number=number, birth_date=birth, sex=sex, area_code=number[:6], warnings=warnings)


def make_id_number(area_code: str, birth: datetime.date, sequence: int) -> str:
    """Build a valid ID (sequence 0..999; odd for men, even for women). Used by the demo and tests."""
    body = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")
