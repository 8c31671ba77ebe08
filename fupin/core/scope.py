"""The service-side scope check every app calls (reads go through `Model.objects.visible_to(user)`)."""

from fupin.core.errors import NotAllowed, OutOfScope


def check_scope(by, permission, region_code):
    """NotAllowed without the permission anywhere, OutOfScope when the region is outside its reach."""
    if not by.has_scoped_perm(permission):
        raise NotAllowed()
    if not by.has_scoped_perm(permission, region_code):
        raise OutOfScope()
