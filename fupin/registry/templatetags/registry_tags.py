"""Template filters of the registry pages: masked IDs and audit changes rendered for people."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.masking import mask_id_number
from fupin.regions.models import Region
from fupin.registry.choices import Health
from fupin.registry.models import Household, Member

register = template.Library()

ACTIONS = {
    "registry.household.registered": gettext_lazy("登记贫困户"),
    "registry.household.updated": gettext_lazy("修改贫困户信息"),
    "registry.household.status_changed": gettext_lazy("变更脱贫状态"),
    "registry.household.imported": gettext_lazy(
        "导入贫困户"
    ),  # entries written before registry.import.created
    "registry.import.created": gettext_lazy("导入新增"),
    "registry.member.added": gettext_lazy("新增成员"),
    "registry.member.updated": gettext_lazy("修改成员信息"),
    "registry.member.removed": gettext_lazy("移除成员"),
    "registry.member.imported": gettext_lazy("导入成员"),
    "registry.member.full_id_viewed": gettext_lazy("查看完整身份证号"),
    "registry.member.full_values_shown": gettext_lazy("接口返回完整身份证号或电话"),
    "registry.household.full_values_shown": gettext_lazy("接口返回完整电话"),
}
MODELS = {"registry.household": Household, "registry.member": Member}


@register.filter
def masked_id(value):
    return mask_id_number(value)


@register.filter
def action_label(code):
    return str(ACTIONS.get(code, code))


def _display(field, value):
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if field.name == "health":
        labels = dict(Health.choices)
        return "、".join(str(labels.get(c, c)) for c in str(value).split(",") if c)
    if field.name == "region":
        region = Region.objects.filter(code=value).first()
        return f"{region.name} ({value})" if region else value
    return str(choices.get(value, value))


HIDDEN_FIELDS = {"household"}  # internal ids; the history is already the household's
# Keys of import entries that are not model fields (see fupin.registry.importing.committing); the first two
# are those of the per-household entries imports wrote before they wrote one entry per village.
EXTRA_LABELS = {
    "created_members": gettext_lazy("导入的成员"),
    "member_count": gettext_lazy("成员人数"),
    "households": gettext_lazy("新增户数"),
    "members": gettext_lazy("新增人数"),
}


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


@register.simple_tag
def change_rows(entry):
    """{"created": bool, "rows": [(label, old, new)]} for an audit entry's {field: [old, new]}, with field
    labels and choice names, in the model's field order. A creation (removal) lists only the values it set
    (had)."""
    model = MODELS.get(entry.target_type)
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    pairs = [
        (name, pair if isinstance(pair, list) else [None, pair])
        for name, pair in (entry.changes or {}).items()
        if name not in HIDDEN_FIELDS
    ]
    created = bool(pairs) and all(pair[0] is None for _name, pair in pairs)
    removed = bool(pairs) and all(pair[1] is None for _name, pair in pairs)
    rows = []
    for name, pair in sorted(pairs, key=lambda item: order.get(item[0], 999)):
        old, new = [*pair, None, None][:2]
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else str(EXTRA_LABELS.get(name, name))
        old_text = _display(field, old) if field is not None else (old if old not in (None, "") else "—")
        new_text = _display(field, new) if field is not None else (new if new not in (None, "") else "—")
        if (created and new_text == "—") or (removed and old_text == "—"):
            continue
        rows.append((label, old_text, new_text))
    return {"created": created, "removed": removed, "rows": rows}
