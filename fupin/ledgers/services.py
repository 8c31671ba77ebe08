"""Writes to the ledgers: create, edit, progress, evidence, each workflow transition. Atomic and audited."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.audit.changes import update_versioned
from fupin.audit.recorder import diff, record, snapshot
from fupin.core import attachments
from fupin.core.errors import DomainError, NotAllowed
from fupin.core.regioncodes import significant_prefix
from fupin.core.scope import check_scope
from fupin.ledgers import tally
from fupin.ledgers.choices import ItemStatus
from fupin.ledgers.models import RESPONSIBLE_FIELDS, Evidence, LedgerItem, ProgressEntry
from fupin.ledgers.workflow import TRANSITIONS, acts_for_item, can_transition

EDITABLE_FIELDS = [
    "kind",
    "source",
    "category",
    "description",
    "target",
    "measures",
    "lead_unit",
    "responsible_units",
    *RESPONSIBLE_FIELDS,
    "priority",
    "deadline",
    "rectification_type",
    "note",
    "measure",
]
UNIT_REFUSED = _("该事项的牵头单位和责任单位都不是本单位，不能办理。")


def check_item(user, permission, item):
    """check_scope, then the unit rule (workflow.acts_for_item): a department may see every item of its
    regions but changes only those its unit leads or shares, else NotAllowed (403, the item is visible)."""
    check_scope(user, permission, item.region_code)
    if not acts_for_item(user, permission, item):
        raise NotAllowed(UNIT_REFUSED)


def _check_household(household, region_code, members):
    if household is not None and household.region_id != region_code:
        raise DomainError(_("涉及户不在所选区域。"), field="household")
    for member in members:
        if household is not None and member.household_id != household.pk:
            raise DomainError(_("涉及人员不属于该户。"), field="members")
        if not member.region_code.startswith(significant_prefix(region_code)):
            raise DomainError(_("涉及人员不在所选区域。"), field="members")


@transaction.atomic
def create_item(
    *, by, region_code, deadline, description, household=None, members=(), source_note="", origin="", **fields
):
    """A new ledger item; the creator needs ledgers.create_item over the item's region. `origin` marks an item
    generated from another record (e.g. a week's proposal) so it is not generated twice."""
    if household is not None:
        region_code = household.region_id
    if by is not None:
        check_scope(by, "ledgers.create_item", region_code)
    _check_household(household, region_code, members)
    if not (description or "").strip():
        raise DomainError(_("请填写问题描述。"), field="description")
    fields = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    item = LedgerItem.objects.create(
        region_code=region_code,
        deadline=deadline,
        description=description,
        household=household,
        created_by=by,
        origin=origin,
        **fields,
    )
    if members:
        item.members.set(members)
    tally.apply_delta(tally.key_of(item), 1)
    record(
        "ledgers.ledgeritem.created",
        by=by,
        target=item,
        region_code=region_code,
        source=source_note,
        changes=diff({}, snapshot(item, ["kind", "category", "deadline", "status", "household"])),
    )
    return item


@transaction.atomic
def update_item(item, *, by, version, **changes):
    """Edit an item's fields; the version the user saw must still be current."""
    check_item(by, "ledgers.change_item", item)
    if item.status == ItemStatus.CLOSED:
        raise DomainError(_("已销号的事项不能修改。"))
    changes = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS}
    if "description" in changes and not (changes["description"] or "").strip():
        raise DomainError(_("请填写问题描述。"), field="description")
    old_key = tally.key_of(item)
    update_versioned(
        item,
        by=by,
        version=version,
        fields=list(changes),
        values=changes,
        action="ledgers.ledgeritem.changed",
    )
    if not acts_for_item(by, "ledgers.change_item", item):  # nobody hands an item out of their own reach
        raise DomainError(_("不能把事项改为由其他单位牵头或负责。"), field="lead_unit")
    tally.move(old_key, tally.key_of(item))
    return item


def _transition(item, action, *, by, version, extra=None, note=""):
    """Move the item along TRANSITIONS, refusing a stale version (two closers: the second gets a conflict)."""
    check_scope(by, "ledgers.view_item", item.region_code)
    if not can_transition(item, action, by):
        if item.status not in TRANSITIONS[action][0]:
            raise DomainError(_("当前状态不能执行此操作。"), code="invalid_transition")
        if not acts_for_item(by, TRANSITIONS[action][2], item):
            raise NotAllowed(UNIT_REFUSED)
        raise NotAllowed()
    old_key = tally.key_of(item)
    update_versioned(
        item,
        by=by,
        version=version,
        fields=["status"],
        values={"status": TRANSITIONS[action][1]},
        extra=extra,
        where={"status": item.status},
        action=f"ledgers.ledgeritem.{ACTION_EVENTS[action]}",
        note=note,
    )
    tally.move(old_key, tally.key_of(item))
    return item


ACTION_EVENTS = {
    "start": "started",
    "request_close": "close_requested",
    "close": "closed",
    "return": "returned",
}


@transaction.atomic
def start_item(item, *, by, version):
    return _transition(item, "start", by=by, version=version)


@transaction.atomic
def request_close(item, *, by, version, note=""):
    """The village (or whoever rectifies) asks to close; evidence must be on file first."""
    check_scope(by, "ledgers.view_item", item.region_code)
    if not item.evidence.exists():
        raise DomainError(_("申请销号前请先上传佐证材料。"), field="evidence")
    return _transition(
        item,
        "request_close",
        by=by,
        version=version,
        note=note,
        extra={"close_requested_on": timezone.localdate(), "return_reason": ""},
    )


@transaction.atomic
def close_item(item, *, by, version, note=""):
    """The level above verifies and closes (销号)."""
    return _transition(
        item,
        "close",
        by=by,
        version=version,
        note=note,
        extra={"closed_on": timezone.localdate(), "closed_by": by},
    )


@transaction.atomic
def return_item(item, *, by, version, reason):
    """The level above sends the item back to 整改中 with a reason."""
    if not (reason or "").strip():
        raise DomainError(_("请填写退回原因。"), field="reason")
    return _transition(
        item,
        "return",
        by=by,
        version=version,
        note=reason,
        extra={"return_reason": reason, "close_requested_on": None},
    )


@transaction.atomic
def add_progress(item, *, by, text, date=None):
    """A dated progress note; the first one starts the rectification (未整改 → 整改中)."""
    check_item(by, "ledgers.change_item", item)
    if item.status in (ItemStatus.CLOSED, ItemStatus.CLOSE_REQUESTED):
        raise DomainError(_("该事项已申请销号或已销号，不能再填报进展。"))
    if not (text or "").strip():
        raise DomainError(_("请填写进展情况。"), field="text")
    entry = ProgressEntry.objects.create(
        item=item, region_code=item.region_code, text=text, by=by, date=date or timezone.localdate()
    )
    if item.status == ItemStatus.OPEN:
        old_key = tally.key_of(item)
        started = LedgerItem.objects.filter(pk=item.pk, status=ItemStatus.OPEN).update(
            status=ItemStatus.IN_PROGRESS, version=F("version") + 1
        )
        item.refresh_from_db()
        if started:
            tally.move(old_key, tally.key_of(item))
    record(
        "ledgers.progressentry.added",
        by=by,
        target=item,
        note=text[:200],
        changes={"progress": [None, str(entry.date)]},
    )
    return entry


@transaction.atomic
def add_evidence(item, *, by, text="", upload=None, screening=None):
    """Attach evidence (text and/or a file of an allowed type and size)."""
    check_item(by, "ledgers.change_item", item)
    if item.status == ItemStatus.CLOSED:
        raise DomainError(_("已销号的事项不能再添加佐证材料。"))
    if upload is None and not (text or "").strip():
        raise DomainError(_("请填写说明或选择文件。"), field="file")
    evidence = Evidence(item=item, region_code=item.region_code, text=text, by=by, screening=screening)
    if upload is not None:
        ext = attachments.check_attachment(upload)
        evidence.original_name = attachments.original_name(upload)
        evidence.size = upload.size
        evidence.content_type = getattr(upload, "content_type", "") or ""
        evidence.file.save(attachments.stored_name(ext), upload, save=False)
    evidence.save()
    record(
        "ledgers.evidence.added",
        by=by,
        target=item,
        note=evidence.original_name or text[:200],
        changes={"evidence": [None, evidence.original_name or "text"]},
    )
    return evidence
