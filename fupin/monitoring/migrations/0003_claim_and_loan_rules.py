# The two rule kinds read from insurance (a large claim in the year) and finance (an overdue poverty loan),
# and their default rules (the loader of 0002 creates only the rules that are missing).

import importlib

from django.db import migrations, models


def load_rules(apps, schema_editor):
    importlib.import_module("fupin.monitoring.migrations.0002_default_rules").load_rules(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_default_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="riskrule",
            name="kind",
            field=models.CharField(
                choices=[
                    ("low_income", "收入低于监测线"),
                    ("rigid_spending", "刚性支出超过收入"),
                    ("epidemic_loss", "疫情致失业或经营受阻"),
                    ("weekly_flag", "每周跟踪标注返贫风险"),
                    ("lost_placement", "劳动力失去岗位"),
                    ("failed_screening", "排查未通过"),
                    ("large_claim", "大额保险理赔"),
                    ("overdue_loan", "扶贫小额信贷逾期"),
                ],
                max_length=24,
                verbose_name="规则类型",
            ),
        ),
        migrations.RunPython(load_rules, migrations.RunPython.noop),
    ]
