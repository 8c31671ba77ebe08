from django.db import migrations

CITY = "440700000000"


def load_rules(apps, schema_editor):
    from fupin.monitoring.rules import DEFAULT_RULES

    RiskRule = apps.get_model("monitoring", "RiskRule")
    for code, kind, name, params, reason, colour in DEFAULT_RULES:
        RiskRule.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind.value if hasattr(kind, "value") else kind,
                "name": name,
                "params": params,
                "reason": reason,
                "colour": colour,
                "region_code": CITY,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
