"""The plan file of the 2020 agreement (data/plan2020.json): the county pairings, the indicators each county
carries and 天等's exit criteria. `services.load_plan` loads it through the ordinary services."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

PLAN_FILE = Path(__file__).parent / "data" / "plan2020.json"


def read_plan(path=PLAN_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def indicator_values(plan, county, item) -> dict:
    """The values of one indicator of the plan for one county."""
    return {
        "region_code": county["county"],
        "helper_code": county["helper"],
        "year": plan["year"],
        "area": item["area"],
        "name": item["name"],
        "unit": item["unit"],
        "target": Decimal(str(item["target"])),
        "deadline": datetime.date.fromisoformat(item["deadline"]),
        "rule": item["rule"],
        "responsible": item["responsible"],
        "confirm_by": datetime.date.fromisoformat(item["confirm_by"]) if item.get("confirm_by") else None,
    }
