# Resident IDs and phone numbers sealed at rest, with a blind index for the ID (docs/security.md).

from django.db import migrations

import fupin.core.crypto


def seal_existing(apps, schema_editor):
    """Seal the plain values already stored, in batches (a fresh database has none)."""
    using = schema_editor.connection.alias if schema_editor else "default"
    Household = apps.get_model("registry", "Household")
    Member = apps.get_model("registry", "Member")
    fupin.core.crypto.reseal(Household, ["phone"], using=using, plain=True)
    fupin.core.crypto.reseal(Member, ["id_number", "phone"], using=using, plain=True)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_importedrange"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="id_index",
            field=fupin.core.crypto.BlindIndexField(
                editable=False, max_length=32, null=True, purpose="id_number", source="id_number",
                verbose_name="身份证号索引",
            ),
        ),
        migrations.AlterField(
            model_name="household",
            name="phone",
            field=fupin.core.crypto.EncryptedCharField(blank=True, max_length=32, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="member",
            name="id_number",
            field=fupin.core.crypto.EncryptedCharField(max_length=18, verbose_name="公民身份号码"),
        ),
        migrations.AlterField(
            model_name="member",
            name="phone",
            field=fupin.core.crypto.EncryptedCharField(blank=True, max_length=32, verbose_name="联系电话"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="member",
            name="id_index",
            field=fupin.core.crypto.BlindIndexField(
                editable=False, max_length=32, null=True, purpose="id_number", source="id_number",
                unique=True, verbose_name="身份证号索引",
            ),
        ),
    ]
