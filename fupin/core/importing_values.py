"""Cell value parsers of every importer: each takes a raw cell (str, float, int, bool, date, datetime or None)
and returns the clean value, or raises ValueError with a message for the user. Pure functions, fast paths
first (the registry import calls them up to a million times per column)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Full-width ASCII (！..～) and the ideographic space to their half-width forms.
_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF[0x3000] = 0x20
_HALF[0xA0] = 0x20
_SPACES = re.compile(r"\s+")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def text(raw) -> str:
    """Half-width, trimmed, inner runs of spaces collapsed; numbers without a spurious '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        value = raw.strip() if raw.isascii() else raw.translate(_HALF).strip()
        if " " in value or "\n" in value or "\t" in value:
            value = _SPACES.sub(" ", value)
        return value
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def plain(raw) -> str:
    """Free text as written (names, descriptions: full-width punctuation kept), trimmed; numbers without a
    spurious '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def compact(raw) -> str:
    """Like text() with every space removed (codes, numbers, IDs)."""
    value = text(raw)
    return value.replace(" ", "") if " " in value else value


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def date(raw) -> datetime.date | None:
    """2020-03-15, 2020.3.15, 2020/03/15, 2020年3月15日, 20200315, Excel serials and date cells."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _serial(raw)
    value = compact(raw)
    if not value:
        return None
    if value[0] == "2" or value[0] == "1":
        for pattern in _DATE_PATTERNS:
            match = pattern.match(value)
            if match:
                try:
                    return datetime.date(*(int(g) for g in match.groups()))
                except ValueError:
                    break
    if value.replace(".", "", 1).isdigit() and len(value) <= 7:
        return _serial(float(value))
    if " " in text(raw) or "T" in value:
        return date(text(raw).replace("T", " ").split(" ")[0])
    raise _bad_date()


def _bad_date():
    return ValueError(_("日期格式应为 YYYY-MM-DD"))


def _serial(number) -> datetime.date:
    if not 1 <= number < 2958466:
        raise _bad_date()
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def amount(raw) -> Decimal | None:
    """3500, '3,500', '3500元', '￥3500.5', '3 500' -> Decimal."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw)).quantize(Decimal("0.01"))
    value = compact(raw).replace(",", "").replace("，", "").replace("元", "").lstrip("¥￥")
    if not value:
        return None
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("金额“%(v)s”不是数字。") % {"v": text(raw)}) from None
    if not result.is_finite() or abs(result) >= Decimal("1e8"):
        raise ValueError(_("金额“%(v)s”超出范围。") % {"v": text(raw)})
    return result.quantize(Decimal("0.01"))


def integer(raw) -> int | None:
    """12, 12.0, '12', '12个月', '2016年'."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValueError(_("应为整数。"))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError(_("“%(v)s”应为整数。") % {"v": raw})
    value = compact(raw).rstrip("年月个")
    if not value:
        return None
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit():
        raise ValueError(_("“%(v)s”应为整数。") % {"v": text(raw)})
    return int(value)


def year(raw) -> int | None:
    """2016, '2016年', or a date (首次识别时间) whose year is taken."""
    if isinstance(raw, datetime.date):
        return raw.year
    if isinstance(raw, str) and len(compact(raw)) > 5:
        parsed = date(raw)
        return parsed.year if parsed else None
    value = integer(raw)
    if value is None:
        return None
    if not 1980 <= value <= 2100:
        raise ValueError(_("年度“%(v)s”不正确。") % {"v": value})
    return value


_TRUE = {"是", "y", "yes", "true", "1", "有", "√", "✓", "参加", "已参加", "安全"}
_FALSE = {"否", "n", "no", "false", "0", "无", "×", "未参加", "不安全", "没有"}


def boolean(raw) -> bool | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    value = compact(raw).lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(_("“%(v)s”应填“是”或“否”。") % {"v": text(raw)})


class CodeList:
    """Accepts a code ('01', also '1' when codes are zero-padded) or its Chinese label (and synonyms)."""

    def __init__(self, choices, synonyms=None):
        self.lookup = {}
        width = max((len(code) for code, _label in choices.choices if code), default=1)
        for code, label in choices.choices:
            self.lookup[code] = code
            if code.isdigit():
                self.lookup[str(int(code))] = code
                self.lookup[code.zfill(width)] = code
            self.lookup[str(label).replace(" ", "")] = code
        for synonym, code in (synonyms or {}).items():
            self.lookup[synonym] = code
        self.labels = "、".join(str(label) for code, label in choices.choices if code)

    def __call__(self, raw):
        if raw is None or raw == "":
            return None
        found = self.lookup.get(raw) if isinstance(raw, str) else None
        if found is not None:
            return found
        value = compact(raw)
        if not value:
            return None
        found = self.lookup.get(value)
        if found is None:
            found = self.lookup.get(value.upper())
        if found is None:
            raise ValueError(
                _("“%(v)s”不在代码表中（可填：%(labels)s）。") % {"v": value, "labels": self.labels}
            )
        return found


class MultiCodeList(CodeList):
    """Several codes in one cell: '残疾,长期慢性病' or '2、4' -> '2,4'."""

    _split = re.compile(r"[,，、;；/ ]+")

    def __call__(self, raw):
        value = compact(raw) if not isinstance(raw, str) or not raw.isascii() else raw.strip()
        if not value:
            return None
        if value in self.lookup:
            return self.lookup[value]
        codes = sorted(
            {super(MultiCodeList, self).__call__(part) for part in self._split.split(value) if part}
        )
        return ",".join(codes)
