"""The weekly tracking span of the 2020 plan (江门 and the paired 崇左): data, editable in the admin."""

import datetime

from django.db import migrations

SCHEDULES = [
    ("4407", datetime.date(2020, 2, 3), datetime.date(2020, 12, 31)),
    ("4514", datetime.date(2020, 2, 3), datetime.date(2020, 12, 31)),
]


def seed(apps, schema_editor):
    TrackingSchedule = apps.get_model("reports", "TrackingSchedule")
    for prefix, starts, ends in SCHEDULES:
        TrackingSchedule.objects.get_or_create(region_prefix=prefix, defaults={"starts_on": starts, "ends_on": ends})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
