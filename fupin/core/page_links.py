"""The action links a page offers above its list (create, import …): shown only to a user who may use them."""

from django.urls import reverse


def links_for(user, permission, *links) -> list[dict]:
    """`links` are (URL name, label) pairs; a user holding `permission` nowhere gets none."""
    if not user.has_scoped_perm(permission):
        return []
    return [{"url": reverse(name), "label": label} for name, label in links]


def url_of(name, *args):
    """A function of a record: the URL `name` with `args`, each a value or a function of the record (a list
    column's link, a form page's next page)."""
    return lambda obj: reverse(name, args=[a(obj) if callable(a) else a for a in args])
