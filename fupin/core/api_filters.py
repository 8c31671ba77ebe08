"""The API's `?ordering=`: only the fields a viewset declares (and its model can sort by); anything else is a
400 in the one error format, never a silent reorder and never a server error."""

from django.core.exceptions import FieldError
from django.utils.translation import gettext as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError


def orderable(queryset, name: str) -> bool:
    """Whether the queryset can be ordered by `name` (a field, a related path or an annotation)."""
    if name in queryset.query.annotations:
        return True
    try:
        queryset.query.clone().add_ordering(name)
    except FieldError:
        return False
    return True


class OrderingFilter(filters.OrderingFilter):
    """DRF's OrderingFilter, strict: a declared field the model does not have is left out (a shared base may
    declare `region_code` for models without it), and an unknown term is refused with 400."""

    def get_valid_fields(self, queryset, view, context=None):
        fields = super().get_valid_fields(queryset, view, context)
        return [(name, label) for name, label in fields if orderable(queryset, name)]

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        terms = [term for term in fields if term]
        unknown = [term for term in terms if term.removeprefix("-") not in valid]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("不能按“%(field)s”排序。可用的排序字段：%(fields)s。")
                        % {"field": unknown[0][:50], "fields": ", ".join(valid) or "—"}
                    ]
                }
            )
        return terms
