"""Writes of a scoped API viewset through its app's services: the one way an API creates, changes or moves a
record (a serializer never saves a model itself).

A viewset names its services and the fields a client may write; each @action that moves a record is one
line, `return self.act(service, BodySerializer)`. The services are plain functions: they are called through
the class (`type(self).update_service`), so they do not become methods of the viewset.
"""

from rest_framework import mixins, status
from rest_framework.response import Response

# A change names only what it changes (PATCH, never a PUT that must send every field), and a record is
# closed or reversed through its service, never deleted through the API.
CREATE_AND_PATCH = ["get", "post", "patch", "head", "options"]
PATCH_ONLY = ["get", "patch", "head", "options"]


class ServiceWritesMixin:
    write_fields = ()  # the fields of a create or an update that go to the service
    create_service = None  # create_service(by=user, **fields) -> the new record
    update_service = None  # update_service(record, by=user, version=seen, **fields) -> the record

    def written(self, serializer) -> dict:
        return {k: v for k, v in serializer.validated_data.items() if k in self.write_fields}

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(by=self.request.user, **self.written(serializer))

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            serializer.instance,
            by=self.request.user,
            version=serializer.validated_data["version"],
            **self.written(serializer),
        )

    def body(self, serializer_class) -> dict:
        """The request body validated by `serializer_class` (a 400 in the project's error format if not)."""
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    def act(self, service, body_class=None, *, result_class=None, code=status.HTTP_200_OK):
        """An action on the record of the URL: `service(record, by=user, **body)`, answered with what it
        returns shown by `result_class` (the viewset's serializer unless named), or no content."""
        fields = self.body(body_class) if body_class is not None else {}
        result = service(self.get_object(), by=self.request.user, **fields)
        if code == status.HTTP_204_NO_CONTENT:
            return Response(status=code)
        return Response((result_class or type(self).serializer_class)(result).data, status=code)


def validated_body(request, serializer_class, *, partial=False, context=None) -> dict:
    """The request body validated by `serializer_class` (a 400 in the project's error format if not), as a
    dict of its own the caller may pop from. For views that fetch their record first (so an unknown or
    out-of-scope id answers 404 before the body is looked at); `partial` for a PATCH."""
    body = serializer_class(data=request.data, partial=partial, context=context or {})
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


# First among a viewset's bases, so their methods list wins over the view's and the service writes over the
# model mixins' plain saves.
class CreateAndPatchMixin(ServiceWritesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Created by POST (`create_service`), changed by PATCH (`update_service`)."""

    http_method_names = CREATE_AND_PATCH


class PatchMixin(ServiceWritesMixin, mixins.UpdateModelMixin):
    """Changed by PATCH only (`update_service`)."""

    http_method_names = PATCH_ONLY
