"""Loading the shipped region tree (provinces, cities, counties, towns) from data/regions.csv."""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "regions.csv"


def read_shipped_regions():
    with DATA_FILE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_regions(region_model, rows=None):
    """Insert missing regions and rename changed ones; parents before children. Returns (created, updated)."""
    rows = rows if rows is not None else read_shipped_regions()
    existing = {r.code: r for r in region_model.objects.all()}
    created = updated = 0
    for row in sorted(rows, key=lambda r: int(r["level"])):
        region = existing.get(row["code"])
        if region is None:
            region_model.objects.create(
                code=row["code"], name=row["name"], level=int(row["level"]), parent_id=row["parent"] or None
            )
            created += 1
        elif region.name != row["name"]:
            region.name = row["name"]
            region.save(update_fields=["name"])
            updated += 1
    return created, updated
