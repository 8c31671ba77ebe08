"""Resident ID checks for bulk imports: a fast path for well-formed IDs, fupin.registry.identity for the rest.

identity.check costs ~50 µs per ID (python-stdnum); a province file has 1.2M IDs. The fast path does the
same checks (length, digits, check digit, birth date, area code history through identity.area_years)
in ~2 µs and hands anything unusual to identity.check, which gives the message and the warnings.
"""

import datetime
from operator import mul

from django.utils.translation import gettext as _

from fupin.core.importing_values import text
from fupin.registry import identity

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ZERO = 48 * sum(_WEIGHTS)  # the weighted sum of seventeen ASCII '0's
_CHECK = "10X98765432"


def _fast(number):
    """check_cell's answer for a well-formed ID, None for anything identity.check must look at."""
    head = number[:17]
    if not head.isdigit() or _CHECK[(sum(map(mul, _WEIGHTS, head.encode())) - _ZERO) % 11] != number[17]:
        return None
    birth = _BIRTHS.get(number[6:14]) or _birth(number[6:14])
    if birth is None:
        return None
    known = _AREA_YEARS.get(number[:10])
    if known is None:
        years = identity.area_years(number[:6])
        known = years is not None and any(end is None or end >= birth.year for _start, end in years)
        if len(_AREA_YEARS) < _LIMIT:
            _AREA_YEARS[number[:10]] = known
    return (number, birth, _SEX[number[16]], ()) if known else None


_SEX = {str(digit): "1" if digit % 2 else "2" for digit in range(10)}  # the 17th digit: odd for men
# A province file repeats birth dates and (area, birth year) pairs: remember them (bounded).
_BIRTHS = {}
_AREA_YEARS = {}
_LIMIT = 100_000


def _birth(digits):
    """The birth date of eight digits when it is a plausible one (remembered), else None."""
    try:
        birth = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if birth.year < 1890 or (birth.year >= 2000 and birth > datetime.date.today()):
        return None
    if len(_BIRTHS) < _LIMIT:
        _BIRTHS[digits] = birth
    return birth


def check_cell(raw):
    """(number, birth, sex, warnings) or raises ValueError with the message for the user."""
    if type(raw) is str and len(raw) == 18 and raw.isascii() and "x" not in raw:
        fast = _fast(raw)
        if fast is not None:
            return fast
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer() and len(str(int(raw))) == 15:
            raw = str(int(raw))
        else:
            raise ValueError(
                _(
                    "身份证号码被存成了数字（%(v)s），Excel 只保留15位有效数字，末尾几位已丢失。"
                    "请把该列设为文本格式后重新填写。"
                )
                % {"v": _masked_number(raw)}
            )
    value = text(raw)
    if isinstance(raw, str) and (
        "E+" in value.upper() or ("." in value and value.replace(".", "").isdigit())
    ):
        raise ValueError(
            _(
                "身份证号码被存成了数字（%(v)s），Excel 只保留15位有效数字，末尾几位已丢失。"
                "请把该列设为文本格式后重新填写。"
            )
            % {"v": value[:4] + "…"}
        )
    if len(value) == 18 and value.isascii() and "x" not in value:
        fast = _fast(value)
        if fast is not None:
            return fast
    try:
        info = identity.check(value)
    except identity.IdNumberError as exc:
        raise ValueError(str(exc)) from None
    return info.number, info.birth_date, info.sex, tuple(info.warnings)


def _masked_number(raw):
    shown = f"{raw:.15g}" if isinstance(raw, float) else str(raw)
    return shown[:6] + "…"
