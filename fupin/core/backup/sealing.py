"""Streaming authenticated encryption of an archive: AES-256-GCM over 1 MiB chunks (the STREAM construction).

An archive of many gigabytes is never held in memory: the writer seals each chunk as it fills and the
reader opens one chunk at a time. Layout: a header (magic, key id, 7-byte random nonce prefix), then
chunks of ciphertext and tag. A chunk's nonce is the prefix, its 4-byte counter and a last-chunk flag, and
the header is the associated data of every chunk, so chunks cannot be reordered, dropped, repeated or cut
off at the end without the tag check failing (Hoang, Reyhanitabar, Rogaway, Vizár: "Online
Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", 2015).
"""

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError

MAGIC = b"FUPINBK\x01"
CHUNK = 1 << 20
TAG = 16
PREFIX = 7
HEADER = len(MAGIC) + 4 + PREFIX


class BackupError(DomainError):
    """A backup or restore refused to go on; the message says why and what to do."""


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"fupin.backup\x00" + key).digest()[:4]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 1 << 32:
        raise BackupError(_("备份文件过大（超过 4 PiB），无法加密。"))
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealingWriter:
    """A write-only file object that encrypts what it is given into `sink` (a binary file object)."""

    def __init__(self, sink, key: bytes):
        self.sink, self.aead = sink, AESGCM(key)
        prefix = os.urandom(PREFIX)
        self.header = MAGIC + key_id(key) + prefix
        self.prefix, self.counter, self.buffer = prefix, 0, bytearray()
        sink.write(self.header)

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool):
        nonce = _nonce(self.prefix, self.counter, last)
        self.sink.write(self.aead.encrypt(nonce, plain, self.header))
        self.counter += 1

    def close(self):
        """Seal what is left as the last chunk (possibly empty): a reader knows the stream is whole."""
        self._seal(bytes(self.buffer), last=True)
        self.buffer = bytearray()

    def flush(self):
        pass


class OpeningReader:
    """A read-only file object giving the plain bytes of a sealed stream, one chunk in memory at a time.

    Reading past the end of a stream whose last chunk is missing, or any changed byte, raises BackupError."""

    def __init__(self, source, key: bytes):
        self.source, self.aead = source, AESGCM(key)
        header = source.read(HEADER)
        if len(header) < HEADER or not header.startswith(MAGIC):
            raise BackupError(_("该文件不是加密的扶贫系统备份。"))
        if header[len(MAGIC) : len(MAGIC) + 4] != key_id(key):
            raise BackupError(_("该备份使用另一把密钥加密；请设置加密它时的 FUPIN_BACKUP_KEY。"))
        self.header, self.prefix = header, header[-PREFIX:]
        self.counter, self.plain, self.done = 0, b"", False
        self.pending = source.read(CHUNK + TAG)

    def _open_next(self):
        block, self.pending = self.pending, self.source.read(CHUNK + TAG)
        last = not self.pending
        try:
            self.plain = self.aead.decrypt(_nonce(self.prefix, self.counter, last), block, self.header)
        except InvalidTag as exc:
            raise BackupError(
                _("备份文件已损坏或被截断（第 %(chunk)s 块校验失败）。") % {"chunk": self.counter}
            ) from exc
        self.counter += 1
        self.done = last

    def read(self, size=-1) -> bytes:
        parts, wanted = [], size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            if not self.plain:
                if self.done:
                    break
                self._open_next()
                continue
            take = self.plain if wanted is None else self.plain[:wanted]
            self.plain = self.plain[len(take) :]
            parts.append(take)
            if wanted is not None:
                wanted -= len(take)
        return b"".join(parts)

    def close(self):
        pass
