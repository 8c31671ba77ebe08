"""Reads of the audit trail that other apps' pages show (a record's history), described for display."""

from fupin.audit import display
from fupin.audit.models import AuditEntry


def history(target_type: str, target_id, *, limit=30):
    """The latest entries about one record, newest first, each with its label and change rows."""
    return display.describe(AuditEntry.objects.for_target(target_type, target_id).order_by("-pk")[:limit])
