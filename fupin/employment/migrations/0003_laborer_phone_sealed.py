# Laborers' phone numbers sealed at rest (docs/security.md, "Personal data").

from django.db import migrations

import fupin.core.crypto


def seal_existing(apps, schema_editor):
    Laborer = apps.get_model("employment", "Laborer")
    using = schema_editor.connection.alias if schema_editor else "default"  # None: conftest re-runs it
    fupin.core.crypto.reseal(Laborer, ["phone"], using=using, plain=True)


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0002_load_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="laborer",
            name="phone",
            field=fupin.core.crypto.EncryptedCharField(blank=True, max_length=32, verbose_name="联系电话"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
    ]
