from rest_framework import serializers

from fupin.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "action",
            "request_id",
            "ip_address",
            "target_type",
            "target_id",
            "target_label",
            "region_code",
            "changes",
            "note",
            "source",
            "chain_key",
            "seq",
            "prev_hash",
            "entry_hash",
        ]
        read_only_fields = fields
