"""Files attached to a record as evidence (佐证材料): the one check of what may come in, and the one way out.

A file is taken when it is at most `ATTACHMENT_MAX_BYTES`, its extension is one of `ALLOWED_EXTENSIONS` and
its first bytes are those of that type (the extension alone is not trusted). The app's model keeps it with a
`FileField` under MEDIA_ROOT, at a path of the app, the record's region and the record, named by the time it
came (`stored_name`: never the name the user gave, which is kept in a column for the download). It is served
only by a view that first read the record through `visible_to` (`attachment_response`); MEDIA_URL is never
served. The upload gate (`fupin.core.uploads.ROUTE_KINDS`) lets an attachment route take a body of that size.
The service that attaches the file checks scope and writes the audit entry, like any change (docs/ledgers.md,
docs/cooperation.md)."""

from pathlib import PurePath

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError

ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"}
# The first bytes of each allowed type: the extension alone is not trusted.
MAGIC = {
    ".pdf": [b"%PDF"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
}
# The file picker's `accept`: what the browser offers first (the server checks again).
ACCEPT = ",".join(sorted(ALLOWED_EXTENSIONS))


def check_attachment(upload, *, field="file") -> str:
    """The file's extension (lower case) when it may be kept, else a DomainError saying why."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise DomainError(
            _("文件过大（上限 %(mb)d MB）。") % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            field=field,
        )
    ext = PurePath(upload.name or "").suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise DomainError(_("只允许上传 pdf、jpg、png、docx、xlsx 文件。"), field=field)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(m) for m in MAGIC[ext]):
        raise DomainError(_("文件内容与类型不符。"), field=field)
    return ext


def original_name(upload) -> str:
    """The name the user gave, without any folder, as kept for the download."""
    return PurePath(upload.name or "").name[:255]


def stored_name(ext) -> str:
    """The name a checked file is stored under (the model's `upload_to` adds the folder)."""
    return f"{timezone.now():%Y%m%d%H%M%S%f}{ext}"


def attach_upload(obj, upload, *, field="file") -> None:
    """Check `upload` (`check_attachment`, a refusal naming `field`) and put it on the unsaved `obj`: its `file`
    under a stored name, with the upload's original name, size and, where the model keeps one, its content
    type. The caller saves `obj`."""
    ext = check_attachment(upload, field=field)
    obj.original_name = original_name(upload)
    obj.size = upload.size
    if "content_type" in {f.attname for f in obj._meta.concrete_fields}:
        obj.content_type = (getattr(upload, "content_type", "") or "")[:128]
    obj.file.save(stored_name(ext), upload, save=False)


def attachment_response(fieldfile, name=""):
    """The file as a download, for a view that has read its record through `visible_to`; 404 without one."""
    if not fieldfile:
        raise Http404
    return FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=name or fieldfile.name.rsplit("/", 1)[-1]
    )
