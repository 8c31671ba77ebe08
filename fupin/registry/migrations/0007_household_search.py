# The household search and sorts at scale (docs/performance.md, "Registry search"): keyed indexes of the
# last 4 and 6 characters of a resident ID (the ID is sealed, so a tail is found through its own blind
# index), filled for the members already stored, and indexes for the list's sorts by a column.

from django.db import migrations, models

import fupin.core.crypto
import fupin.registry.models


def index_id_tails(apps, schema_editor):
    """Compute the tail indexes of the IDs already stored (a fresh database has none), batch by batch."""
    Member = apps.get_model("registry", "Member")
    # conftest re-runs data migrations without a schema editor after a transactional test flushed them.
    using = schema_editor.connection.alias if schema_editor is not None else "default"
    fupin.core.crypto.reseal(Member, ["id_number"], using=using, plain=True, reindex=True)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_household_monitoring_mark"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="id_tail4_index",
            field=fupin.registry.models.IdTailIndexField(
                db_index=True, editable=False, max_length=32, null=True, purpose="id_tail4",
                source="id_number", tail=4, verbose_name="身份证后四位索引",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="id_tail6_index",
            field=fupin.registry.models.IdTailIndexField(
                db_index=True, editable=False, max_length=32, null=True, purpose="id_tail6",
                source="id_number", tail=6, verbose_name="身份证后六位索引",
            ),
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["status", "id"], name="household_status_sort"),
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["income_per_capita", "id"], name="household_income_sort"),
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["year_identified", "id"], name="household_year_sort"),
        ),
        migrations.RunPython(index_id_tails, migrations.RunPython.noop, elidable=False),
    ]
