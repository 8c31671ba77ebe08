"""Finding the header in a sheet: skip title rows and the 填报单位/填报日期 line, accept a two-row merged
header, map each column to a known field through the synonym table."""

import itertools
from dataclasses import dataclass

from fupin.registry.importing.columns import SYNONYMS, normalize_header

LOOK_AHEAD = 30
MIN_MATCHES = 3


@dataclass
class Header:
    row_number: int  # last header row (Excel numbering)
    mapping: dict  # column index -> field key
    names: dict  # field key -> header text as written in the file
    height: int  # 1 or 2 rows


def _match(cells):
    mapping, names = {}, {}
    for index, cell in enumerate(cells):
        key = SYNONYMS.get(normalize_header(cell)) if cell not in (None, "") else None
        if key and key not in names:
            mapping[index] = key
            names[key] = str(cell).strip()
    return mapping, names


def _match_two_rows(upper, lower):
    mapping, names = {}, {}
    group = ""
    width = max(len(upper), len(lower))
    for index in range(width):
        top = upper[index] if index < len(upper) else ""
        bottom = lower[index] if index < len(lower) else ""
        top = "" if top is None else str(top).strip()
        bottom = "" if bottom is None else str(bottom).strip()
        if top:
            group = top
        candidates = [group + bottom, bottom, top] if bottom else [top]
        for name in candidates:
            key = SYNONYMS.get(normalize_header(name)) if name else None
            if key and key not in names:
                mapping[index] = key
                names[key] = name
                break
    return mapping, names


def find_header(rows):
    """(Header, data rows iterator) for a list/iterator of (row_number, cells); (None, rows) when none."""
    iterator = iter(rows)
    buffer = []
    for item in iterator:
        buffer.append(item)
        if len(buffer) >= LOOK_AHEAD:
            break
    best = None
    for position, (_number, cells) in enumerate(buffer):
        mapping, names = _match(cells)
        if len(mapping) < MIN_MATCHES:
            continue
        height = 1
        if position + 1 < len(buffer):
            two_mapping, two_names = _match_two_rows(cells, buffer[position + 1][1])
            if len(two_mapping) > len(mapping):
                mapping, names, height = two_mapping, two_names, 2
        if best is None or len(mapping) > len(best[1]):
            best = (position, mapping, names, height)
    if best is None:
        return None, iter(())
    position, mapping, names, height = best
    header = Header(buffer[position + height - 1][0], mapping, names, height)
    return header, itertools.chain(buffer[position + height :], iterator)
