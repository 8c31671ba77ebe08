"""The soft plausibility findings a person confirmed when saving an assessment (reports.plausibility)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_remove_tracking_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="warnings",
            field=models.JSONField(blank=True, default=list, verbose_name="核实提示"),
        ),
    ]
