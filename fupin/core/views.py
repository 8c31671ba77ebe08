"""Thin view helpers shared by every app."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from fupin.core.errors import DomainError
from fupin.core.scope import check_anywhere
from fupin.core.text import join_list


def require_perm(user, permission):
    """403 unless the user holds the permission somewhere (scope is then applied by `visible_to`)."""
    check_anywhere(user, permission)


def requires(permission):
    """A page for a signed-in user (else the sign-in page) who holds `permission` somewhere (else 403);
    which records it shows is then the page's `visible_to`."""

    def decorate(view):
        @functools.wraps(view)
        def page(request, *args, **kwargs):
            check_anywhere(request.user, permission)
            return view(request, *args, **kwargs)

        return login_required(page)

    return decorate


def get_object_for_user(queryset_or_model, user, permission=None, **lookup):
    """The object if the user may see it, else 404: out of scope never differs from missing."""
    qs = getattr(queryset_or_model, "objects", queryset_or_model)
    qs = qs.visible_to(user, permission) if permission else qs.visible_to(user)
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def add_domain_error(request, form, exc: DomainError):
    """Attach a service's DomainError to the form field it names, or to the page."""
    if form is not None and exc.field and exc.field in form.fields:
        form.add_error(exc.field, str(exc))
    elif form is not None:
        form.add_error(None, str(exc))
    else:
        messages.error(request, str(exc))


def save_form(request, form, action, success):
    """The POST half of a form page: a valid form goes to `action(cleaned_data)` (a service call); its
    DomainError is shown on the form, its result gets the `success` message (a text, or a function of the
    result; none when None). Returns the result, or None when nothing was saved (not a POST, invalid, or
    refused): services return the record they wrote, so a saved result is never None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(request, form, exc)
        return None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return result


def run_action(request, form, action, success, invalid=None):
    """The POST of an action button (reduce, cancel, reverse, start a job …): a valid form goes to
    `action(cleaned_data)`; the form's errors (or the `invalid` text instead) or the service's DomainError
    become an error message, else `success` is shown (a text, or a function of the result; none when None).
    Returns the result, or None when nothing was done."""
    if not form.is_valid() and invalid is not None:
        messages.error(request, invalid)
        return None
    if not form.is_valid():
        texts = [
            f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip()
            for k, v in form.errors.items()
        ]
        messages.error(request, join_list(texts))
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
        return None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return result


def start_job(request, form, start, *, invalid, otherwise, job_page="jobs:job_detail"):
    """The POST of a button that starts a background job: `run_action` with `start(cleaned_data)` and no
    success message (the job's page shows how it goes), then that page (`job_page`, a URL name taking the
    job's pk); back to `otherwise` (a URL name) with the `invalid` text or the refusal as the message."""
    job = run_action(request, form, start, None, invalid=invalid)
    return redirect(job_page, pk=job.pk) if job else redirect(otherwise)
