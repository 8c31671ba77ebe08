"""Helpers for 12-digit statistical division codes (PP CC DD TTT VVV).

The significant prefix of a code is its materialized path: everything under a region has a code that
starts with the region's prefix. Subtree queries use a range over the fixed-length codes so both SQLite
and PostgreSQL can serve them from an ordinary B-tree index (see docs/architecture.md).
"""

from django.db.models import Q

CODE_LENGTH = 12
# level -> number of significant digits
LEVEL_DIGITS = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


def prefix_of(code: str, level: int) -> str:
    return code[: LEVEL_DIGITS[level]]


def level_of(code: str) -> int:
    """Level of a full 12-digit code, read from its trailing zeros."""
    if code[9:] != "000":
        return 5
    if code[6:9] != "000":
        return 4
    if code[4:6] != "00":
        return 3
    if code[2:4] != "00":
        return 2
    return 1


def significant_prefix(code: str) -> str:
    return prefix_of(code, level_of(code))


def full_code(prefix: str) -> str:
    """The 12-digit code of the region whose significant prefix this is ('440703' -> '440703000000')."""
    return prefix.ljust(CODE_LENGTH, "0")


def ancestors(code_or_prefix: str, *, include_self: bool = False) -> list[str]:
    """The full codes of the regions above a region, province first: '440703001' -> ['440000000000',
    '440700000000', '440703000000'] (and '440703001000' with include_self). Accepts a full code or a prefix."""
    prefix = significant_prefix(code_or_prefix) if len(code_or_prefix) == CODE_LENGTH else code_or_prefix
    lengths = [n for n in LEVEL_DIGITS.values() if n < len(prefix) or (include_self and n == len(prefix))]
    return [full_code(prefix[:n]) for n in lengths]


def covering_codes(prefixes) -> set[str]:
    """The full codes of every region strictly above any of the prefixes (records of a region that covers
    the user's scope, such as the city's plan seen by a town)."""
    return {code for prefix in prefixes for code in ancestors(prefix)}


def code_range(prefix: str) -> tuple[str, str]:
    return prefix.ljust(CODE_LENGTH, "0"), prefix.ljust(CODE_LENGTH, "9")


def minimal_prefixes(prefixes) -> list[str]:
    """Drop prefixes covered by a shorter one: {'4407', '440703'} -> ['4407']."""
    # In sorted order a prefix comes right before everything it covers, so comparing with the last
    # kept one is enough (linear after the sort: an import passes every village of a province).
    result = []
    for prefix in sorted(set(prefixes)):
        if not result or not prefix.startswith(result[-1]):
            result.append(prefix)
    return result


def subtree_q(prefixes, field="region_code") -> Q:
    """A Q matching rows whose region code lies under any of the prefixes; matches nothing if empty."""
    prefixes = minimal_prefixes(prefixes)
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        if len(prefix) == CODE_LENGTH:
            q |= Q(**{field: prefix})
        else:
            q |= Q(**{f"{field}__range": code_range(prefix)})
    return q


def in_prefix(code: str, prefixes) -> bool:
    return any(code.startswith(p) for p in prefixes)
