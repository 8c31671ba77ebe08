"""A page whose form creates a record through a service (register, open, apply …)."""

from django.shortcuts import redirect, render

from fupin.core.views import save_form


def form_page(request, form, action, *, success, title, next_url, template):
    """`save_form`, then the page of what was saved (`next_url(result)`); else the form again, with its errors."""
    result = save_form(request, form, action, success)
    if result:
        return redirect(next_url(result))
    return render(request, template, {"form": form, "title": title})
