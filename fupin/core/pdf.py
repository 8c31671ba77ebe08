"""PDF of a board, laid out like a paper 台账: A4 landscape, the title and the user's unit on every page,
the date printed and "第 N 页 / 共 M 页" at the foot, Chinese set in Noto Sans CJK SC (fonts-noto-cjk; one
family only, since every family embedded costs a font subset in each file).

A board reads maintained tallies and roll-ups (a few dozen rows whatever the scope), so the PDF is made in
the request (docs/print-and-map.md has the timings); the file is audited like every export.
"""

import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from fupin.core.auditing import record, user_scope
from fupin.core.exporting import _default_unit

CONTENT_TYPE = "application/pdf"


def page_numbers_css() -> str:
    """The CSS `content` of the page number line in the user's language ("第 1 页 / 共 3 页")."""
    parts = []
    for part in re.split(r"(\{page\}|\{pages\})", gettext("第 {page} 页 / 共 {pages} 页")):
        if part in ("{page}", "{pages}"):
            parts.append(f"counter({part[1:-1]})")
        elif part:
            parts.append('"' + re.sub(r'["\\\n]', "", part) + '"')
    return " ".join(parts)


def render_pdf(html: str, base_url: str = "") -> bytes:
    """The PDF of one HTML document (WeasyPrint; imported here so that pages without PDFs never load it)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or None).write_pdf()


def pdf_response(request, *, template, context, title, filename, audit_action, permission=None):
    """Render `template` (which extends pdf/base.html) to a PDF download, audited as `audit_action`."""
    unit = _default_unit(request.user)
    today = timezone.localdate()
    html = render_to_string(
        template,
        {**context, "title": title, "unit": unit, "printed_on": today, "page_numbers": page_numbers_css()},
        request=request,
    )
    body = render_pdf(html, request.build_absolute_uri("/"))
    scope_region, prefixes = user_scope(request.user, permission, audit_action=audit_action)
    record(
        audit_action,
        by=request.user,
        region_code=scope_region,
        note=f"{title}; format=pdf",
        changes={"scope": [None, prefixes], "format": [None, "pdf"]},
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{today:%Y%m%d}.pdf"'
    return response
