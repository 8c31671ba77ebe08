"""A page whose form creates a record through a service (register, open, apply …), a record's page whose form
changes it, and a page that imports an uploaded file."""

from django.contrib import messages
from django.shortcuts import redirect, render

from fupin.core.errors import DomainError
from fupin.core.importing import read_upload_table
from fupin.core.views import save_form


def form_page(
    request,
    form,
    action,
    *,
    success,
    next_url,
    title=None,
    template="form_page.html",
    tabs=None,
    context=None,
):
    """`save_form`, then the page of what was saved (`next_url(result)`); else the form again, with its errors,
    on the one form template (under the app's `tabs`) or a `template` of its own (with its `context`)."""
    result = save_form(request, form, action, success)
    if result:
        return redirect(next_url(result))
    return render(request, template, {"form": form, "title": title, "tabs": tabs, **(context or {})})


def record_page(request, form, action, *, success, template, context, save=True):
    """A record's page with a form that changes it: `save_form`, then the same page again (a redirect, so a
    reload sends nothing twice); else the page with the form and its errors. With `save` False (the user
    may only read) a POST is not saved."""
    if save and save_form(request, form, action, success):
        return redirect(request.path)
    return render(request, template, {"form": form, **context})


def import_page(request, form, run, *, success, next_url, template, context=None):
    """All or nothing from the `file` of a valid form: read through the one reader (a file it refuses is an
    error of row 1), then `run(table, cleaned_data)` validates and writes it, returning an ImportResult. With
    no error, `success(rows written)` is shown and the page goes to `next_url`; else the page lists the
    errors (row, column, message)."""
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            table = read_upload_table(form.cleaned_data["file"])
        except DomainError as exc:
            table, errors = None, [(1, "", str(exc))]
        if table is not None:
            result = run(table, form.cleaned_data)
            errors = result.errors
            if not errors:
                messages.success(request, success(result.created))
                return redirect(next_url)
    return render(request, template, {"form": form, "errors": errors, **(context or {})})


def versioned_update(service, obj, *, by, fields=None):
    """The action of a record's edit form (for `record_page` or `run_action`): `service(obj, by=by,
    version=…, **values)` with the `version` the form sent back and the values of its `fields` (every
    field but `version` when None)."""

    def update(data):
        names = fields if fields is not None else [k for k in data if k != "version"]
        return service(obj, by=by, version=data["version"], **{k: data[k] for k in names})

    return update
