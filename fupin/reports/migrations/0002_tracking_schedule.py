"""Once seeded the 2020 tracking span as a TrackingSchedule row; the span is plan data now (fupin.plan,
migration plan 0002 and the plan fixture), and 0003 drops the table. Kept so the migration graph stays
the same for databases that applied it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = []
