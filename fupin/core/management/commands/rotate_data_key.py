"""Re-seal every sealed personal value with the current FUPIN_DATA_KEY (docs/security.md, "Personal data")."""

import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from fupin.core.auditing import record
from fupin.core.crypto import EncryptedCharField, reseal, ring


def sealed_fields():
    """(model, [names of its EncryptedCharFields]) for every model holding sealed values."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = (
        "Re-seal every sealed value not sealed with FUPIN_DATA_KEY (the old keys in FUPIN_DATA_KEYS_OLD "
        "open them), in batches; --reindex also recomputes the blind indexes after FUPIN_INDEX_KEY changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="rows per batch (default 2000)")
        parser.add_argument("--reindex", action="store_true", help="recompute every blind index too")

    def handle(self, *args, batch, reindex, **options):
        started = time.monotonic()
        counts = {}
        for model, names in sealed_fields():
            counts[model._meta.label_lower] = reseal(model, names, batch=batch, reindex=reindex)
            if options["verbosity"]:
                self.stdout.write(
                    f"{model._meta.label_lower}: {counts[model._meta.label_lower]} rows re-sealed"
                )
        with transaction.atomic():
            record(
                "core.data_key.rotated",
                changes={label: [None, n] for label, n in counts.items()},
                note=f"key {ring().current_id}" + (", blind indexes recomputed" if reindex else ""),
            )
        if options["verbosity"]:
            total = sum(counts.values())
            self.stdout.write(f"re-sealed {total} rows in {time.monotonic() - started:.1f} s")
