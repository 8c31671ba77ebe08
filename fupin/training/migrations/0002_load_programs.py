"""Load the Guangdong 三项工程 programmes from fixtures/programs.json."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "programs.json"


def load(apps, schema_editor):
    Program = apps.get_model("training", "Program")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        Program.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "kind": row["kind"]})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
