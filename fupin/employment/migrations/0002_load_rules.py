"""Load the subsidy rules and fallback targets from fixtures/employment_rules.json (data, not code)."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "employment_rules.json"


def load(apps, schema_editor):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    SubsidyKind = apps.get_model("employment", "SubsidyKind")
    FallbackTarget = apps.get_model("employment", "FallbackTarget")
    for row in data["subsidy_kinds"]:
        SubsidyKind.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    for row in data["targets"]:
        FallbackTarget.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
