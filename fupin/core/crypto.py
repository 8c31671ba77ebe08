"""Personal data at rest: AES-GCM encryption with rotating keys, and a keyed blind index for exact lookup.

A stored value is `<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`; the key id is the first 4 bytes of
SHA-256 of the key, so a value names the key that sealed it and keys can rotate (FUPIN_DATA_KEY seals,
FUPIN_DATA_KEYS_OLD still open; `manage.py rotate_data_key` re-seals). The associated data is the model
field (`registry.member.id_number`), so a value copied into another column does not open.

A blind index is HMAC-SHA256 under a separate key (FUPIN_INDEX_KEY) of the normalised value, truncated to
128 bits: equal values give equal indexes (exact lookup, unique constraints) while the index alone
reveals nothing without the key. docs/security.md, "Personal data", gives the key handling.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

NONCE = 12
INDEX_BYTES = 16
INDEX_LENGTH = INDEX_BYTES * 2  # hex


class DecryptionError(ValueError):
    pass


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    aeads: dict  # key id -> AESGCM
    index_key: bytes


def _decode_key(name, text):
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be base64") from exc
    if len(key) not in (16, 24, 32):
        raise ImproperlyConfigured(f"{name} must be 16, 24 or 32 bytes (base64), got {len(key)}")
    return key


def _derived(label):
    """Development only: a key derived from SECRET_KEY, so a checkout runs without configuration."""
    return hashlib.sha256(f"fupin.{label}\x00{settings.SECRET_KEY}".encode()).digest()


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@functools.lru_cache(maxsize=8)
def _ring(data_key, old_keys, index_key, secret):
    # Empty keys are allowed only with DEBUG: config/settings.py refuses to start otherwise.
    current = _decode_key("FUPIN_DATA_KEY", data_key) if data_key else _derived("data-key")
    index = _decode_key("FUPIN_INDEX_KEY", index_key) if index_key else _derived("index-key")
    keys = [current, *(_decode_key("FUPIN_DATA_KEYS_OLD", k) for k in old_keys)]
    return KeyRing(key_id(current), {key_id(k): AESGCM(k) for k in reversed(keys)}, index)


def ring() -> KeyRing:
    """The keys from the settings (read on each call, cached per value: tests can override them)."""
    return _ring(
        settings.FUPIN_DATA_KEY,
        tuple(settings.FUPIN_DATA_KEYS_OLD),
        settings.FUPIN_INDEX_KEY,
        settings.SECRET_KEY,
    )


def sealer(aad: bytes):
    """A function sealing plain strings with the current key (keys read once: for tight loops)."""
    keys = ring()
    seal, prefix = keys.aeads[keys.current_id].encrypt, keys.current_id + ":"
    urandom, b64 = os.urandom, base64.urlsafe_b64encode

    def encrypt(plain):
        if plain is None or plain == "":
            return plain
        nonce = urandom(NONCE)
        return prefix + b64(nonce + seal(nonce, str(plain).encode(), aad)).decode().rstrip("=")

    return encrypt


def encrypt(plain: str, aad: bytes) -> str:
    return sealer(aad)(plain)


def decrypt(token: str, aad: bytes) -> str:
    kid, _sep, body = token.partition(":")
    aead = ring().aeads.get(kid)
    if aead is None:
        raise DecryptionError(f"no key with id {kid!r} (FUPIN_DATA_KEY / FUPIN_DATA_KEYS_OLD)")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return aead.decrypt(raw[:NONCE], raw[NONCE:], aad).decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(f"value sealed with key {kid!r} does not open") from exc


def is_current(token: str) -> bool:
    return token.partition(":")[0] == ring().current_id


def normalize(value) -> str:
    """Full-width to half-width, spaces removed, upper case: the form the blind index is computed over."""
    text = str(value)
    if text.isascii() and text.isalnum():  # an ID as typed, mostly: already in normal form but for the case
        return text.upper()
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).upper()


def indexer(purpose: str = "id_number"):
    """A function computing blind indexes (keys read once: for tight loops)."""
    # The HMAC keyed and fed the purpose once; each value continues a copy of it (a quarter less CPU than a
    # new HMAC per value: the key's pads are not hashed again), the same bytes as hmac.new(key, prefix + text).
    keyed = hmac.new(ring().index_key, purpose.encode() + b"\x00", hashlib.sha256)

    def of_normal(text):
        if not text:
            return None
        mac = keyed.copy()
        mac.update(text.encode())
        return mac.hexdigest()[:INDEX_LENGTH]

    def index(value):
        return of_normal(normalize(value) if value is not None else "")

    index.of_normal = of_normal  # for a value already normalized (an ID's tails)
    return index


def blind_index(value, purpose: str = "id_number") -> str | None:
    """HMAC-SHA256 of the normalised value, 128 bits in hex; None for an empty value."""
    return indexer(purpose)(value)


def sealed_length(plain_length: int) -> int:
    """Column width for a sealed value of up to plain_length characters (3 bytes each in UTF-8)."""
    raw = NONCE + 3 * plain_length + 16
    return 9 + -(-raw * 4 // 3)


class EncryptedCharField(models.CharField):
    """A CharField stored sealed (AES-GCM). Python sees the plain value; `max_length` is the plain limit
    (forms, serializers, validation) while the column is as wide as the sealed value. Empty stays empty.

    Lookups on it are refused (a sealed value never equals another): look up by its blind index field.
    """

    def db_type_parameters(self, connection):
        params = super().db_type_parameters(connection)  # a copy of the field's attributes
        params["max_length"] = sealed_length(self.max_length)
        return params

    @property
    def aad(self) -> bytes:
        return f"{self.model._meta.label_lower}.{self.name}".encode()

    def seal(self, value):
        """The stored form of a plain value (raw SQL writers such as the registry import: `sealer()`)."""
        return encrypt(value, self.aad)

    def sealer(self):
        return sealer(self.aad)

    def open(self, value):
        if value is None or value == "":
            return value
        return decrypt(value, self.aad)

    def from_db_value(self, value, expression, connection):
        return self.open(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return self.seal(value)

    def get_lookup(self, lookup_name):
        if lookup_name in ("isnull",):
            return super().get_lookup(lookup_name)
        return None


class BlindIndexField(models.CharField):
    """The blind index of another field of the same model, set from it on every save and bulk_create
    (pre_save); QuerySet.update() and bulk_update() must set it themselves (`blind_index`)."""

    def __init__(self, *args, source, purpose="id_number", **kwargs):
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", INDEX_LENGTH)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["purpose"] = self.source, self.purpose
        return name, path, args, kwargs

    def index_of(self, value):
        """The stored index of a plain source value (also what `reseal(reindex=True)` writes)."""
        return blind_index(value, self.purpose)

    def pre_save(self, model_instance, add):
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def looks_sealed(value: str) -> bool:
    kid, sep, body = value.partition(":")
    return bool(sep) and len(kid) == 8 and len(body) > 30 and all(c in "0123456789abcdef" for c in kid)


def reseal(model, names, *, using="default", batch=2000, plain=False, reindex=False, on_batch=None):
    """Seal the values of the EncryptedCharFields `names` of a model with the current key, batch by batch
    in id order, and set the blind indexes over them; returns the number of rows rewritten.

    plain=True (the data migration): values not sealed yet are sealed. Otherwise every value not sealed
    with the current key is opened (with an old key) and sealed again (`manage.py rotate_data_key`);
    reindex=True also recomputes every blind index (after FUPIN_INDEX_KEY changed).
    """
    from django.db import connections

    connection = connections[using]
    qn = connection.ops.quote_name
    fields = [model._meta.get_field(n) for n in names]
    indexes = [
        (f, names.index(f.source))
        for f in model._meta.concrete_fields
        if isinstance(f, BlindIndexField) and f.source in names
    ]
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    select = f"SELECT {pk}, {', '.join(qn(f.column) for f in fields)} FROM {table} WHERE {pk} > %s ORDER BY {pk}"  # identifiers from model metadata, values bound  # nosec B608
    targets = [*fields, *(f for f, _i in indexes)]
    update = f"UPDATE {table} SET {', '.join(f'{qn(f.column)} = %s' for f in targets)} WHERE {pk} = %s"  # identifiers from model metadata, values bound  # nosec B608
    last, changed = 0, 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(f"{select} LIMIT {int(batch)}", [last])
            rows = cursor.fetchall()
        if not rows:
            return changed
        last = rows[-1][0]
        updates = []
        for pk_value, *stored in rows:
            plains, sealed, dirty = [], [], reindex
            for field, value in zip(fields, stored, strict=True):
                if value in (None, ""):
                    plains.append(value)
                    sealed.append(value)
                elif looks_sealed(value):
                    plains.append(field.open(value))
                    sealed.append(value if is_current(value) else field.seal(plains[-1]))
                    dirty = dirty or sealed[-1] is not value
                elif plain:
                    plains.append(value)
                    sealed.append(field.seal(value))
                    dirty = True
                else:
                    raise DecryptionError(f"{model._meta.label}.{field.name} of row {pk_value} is not sealed")
            if dirty:
                index_values = [f.index_of(plains[i]) for f, i in indexes]
                updates.append((*sealed, *index_values, pk_value))
        if updates:
            with connection.cursor() as cursor:
                cursor.executemany(update, updates)
            changed += len(updates)
        if on_batch:
            on_batch(len(rows), len(updates))
