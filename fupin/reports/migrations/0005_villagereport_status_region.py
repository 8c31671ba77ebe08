"""An index for the work queues (我的待办): village weeks in a status under a region, over every week."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_assessment_warnings"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="villagereport",
            index=models.Index(fields=["status", "region_code"], name="village_report_status_region"),
        ),
    ]
