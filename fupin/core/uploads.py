"""The upload gate: a request body larger than its route allows is refused with 413 before it is read.

Django reads a body only when a view (or CsrfViewMiddleware.process_view) touches request.POST/FILES, and
a WSGI server hands it over at most CONTENT_LENGTH bytes (a request without one has an empty body). So
checking the declared length before any of that runs refuses a 300 MB upload having read none of it. The
web server in front enforces the largest of these limits too (docs/import.md, "The upload gate").

Routes are named here by their URL names (strings, so core imports no domain app): imports take
IMPORT_MAX_BYTES, evidence and attachments ATTACHMENT_MAX_BYTES, every other request the ordinary
DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

import base64
import os
import struct
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

IMPORT = "import"
ATTACHMENT = "attachment"
ROUTE_KINDS = {
    "registry:import_start": IMPORT,
    "reports:assessment_import": IMPORT,
    "ledgers:item_import": IMPORT,
    "funds:disbursement_import": IMPORT,
    "employment:survey_import": IMPORT,
    "ledgers:evidence_add": ATTACHMENT,
    "ledgers-item-evidence": ATTACHMENT,
    "cooperation:entry_file_add": ATTACHMENT,
    "cooperation-entry-files": ATTACHMENT,
}
MULTIPART_SLACK = 64 * 1024  # the form's other fields and the multipart boundaries around the file


def limit_for(path_info) -> tuple[int, int]:
    """(the limit users are told, the largest body accepted) for the route at this path, in bytes."""
    try:
        kind = ROUTE_KINDS.get(resolve(path_info).view_name)
    except Resolver404:
        kind = None
    if kind == IMPORT:
        return settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_BYTES + MULTIPART_SLACK
    if kind == ATTACHMENT:
        return settings.ATTACHMENT_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES + MULTIPART_SLACK
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class UploadLimitMiddleware:
    """Answers 413 to a request whose declared body exceeds its route's limit, without reading the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length:
            limit, accepted = limit_for(request.path_info)
            if length > accepted:
                return too_large(request, length, limit)
        return self.get_response(request)


def too_large(request, length, limit):
    message = _("上传的内容为 %(size)s MB，超出该功能的上限（最多 %(max)s MB）。") % {
        "size": _mb(length),
        "max": _mb(limit),
    }
    if request.path_info.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": "too_large", "message": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


def _mb(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


# --- uploaded files at rest ----------------------------------------------------------------------------------
# A file kept after its request (an import's error file: the user's rows, resident IDs included) is stored
# sealed: Fernet (AES-128-CBC + HMAC-SHA256) in chunks of 1 MB, one token a line, each carrying its index and
# whether it is the last, so a file can be streamed back in constant memory and a reordered or cut file
# does not open. The key is derived (HKDF) from FUPIN_DATA_KEY when set, else from SECRET_KEY.

SEAL_CHUNK = 1024 * 1024
_CHUNK_HEAD = struct.Struct(">Q?")


class SealedFileError(ValueError):
    pass


def _fernet():
    secret = getattr(settings, "FUPIN_DATA_KEY", "") or settings.SECRET_KEY
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"fupin.uploaded-files").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal_file(source, target):
    """Write `source` encrypted to `target` (through a temporary name, so a reader never sees half a file)."""
    fernet, target = _fernet(), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with open(source, "rb") as plain, open(partial, "wb") as out:
        chunk, index = plain.read(SEAL_CHUNK), 0
        while True:
            following = plain.read(SEAL_CHUNK)
            out.write(fernet.encrypt(_CHUNK_HEAD.pack(index, not following) + chunk) + b"\n")
            if not following:
                break
            chunk, index = following, index + 1
    os.replace(partial, target)
    return target


def open_sealed(path):
    """The plain bytes of a sealed file, chunk by chunk; SealedFileError if it was altered or cut short."""
    fernet = _fernet()
    with open(path, "rb") as sealed:
        for expected, line in enumerate(sealed):
            try:
                plain = fernet.decrypt(line.strip())
            except InvalidToken as exc:
                raise SealedFileError(str(path)) from exc
            index, last = _CHUNK_HEAD.unpack_from(plain)
            if index != expected:
                raise SealedFileError(str(path))
            yield plain[_CHUNK_HEAD.size :]
            if last:
                return
    raise SealedFileError(str(path))
