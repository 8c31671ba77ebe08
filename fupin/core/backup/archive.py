"""One archive: the database copy, the uploaded files and a manifest, gzip-compressed, tar-packed and sealed.

Everything streams (files and the archive are never read whole into memory). The archive's SHA-256 is
written beside it as `<archive>.sha256` (the `sha256sum` format), so a copy can be checked off-host
without the key.
"""

import base64
import binascii
import gzip
import hashlib
import json
import os
import platform
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from fupin.core.backup import databases
from fupin.core.backup.sealing import CHUNK, MAGIC, BackupError, OpeningReader, SealingWriter, key_id

FORMAT = "fupin-backup/1"
MANIFEST = "manifest.json"
TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".swp", ".lock")


@dataclass
class BackupResult:
    path: Path
    sha256: str
    manifest: dict


# Keys -----------------------------------------------------------------------------------------------


def backup_key() -> tuple[bytes, bool]:
    """FUPIN_BACKUP_KEY (base64 of 32 bytes) and whether it is a development key derived from SECRET_KEY."""
    text = getattr(settings, "FUPIN_BACKUP_KEY", "")
    if text:
        try:
            key = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BackupError(_("FUPIN_BACKUP_KEY 必须是 base64 编码。")) from exc
        if len(key) != 32:
            raise BackupError(
                _("FUPIN_BACKUP_KEY 必须是 32 字节（base64 编码），当前为 %(n)s 字节。") % {"n": len(key)}
            )
        return key, False
    if settings.DEBUG:
        return hashlib.sha256(f"fupin.backup-key\x00{settings.SECRET_KEY}".encode()).digest(), True
    raise BackupError(
        _(
            "未设置 FUPIN_BACKUP_KEY：备份必须加密。请设置 32 字节的 base64 密钥（见 docs/deploy.md），或明确使用 --unencrypted。"
        )
    )


# Streams --------------------------------------------------------------------------------------------


class HashingWriter:
    def __init__(self, sink):
        self.sink, self.digest = sink, hashlib.sha256()

    def write(self, data):
        self.digest.update(data)
        return self.sink.write(data)

    def flush(self):
        self.sink.flush()


class HashingReader:
    def __init__(self, source):
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


# Uploaded files -------------------------------------------------------------------------------------


def upload_roots() -> dict[str, Path]:
    """Folders holding users' files: evidence (MEDIA_ROOT) and kept import files. Job progress files
    (VAR_DIR/jobs) are transient and not backed up."""
    return {"media": Path(settings.MEDIA_ROOT), "imports": Path(settings.VAR_DIR) / "imports"}


def is_temporary(name: str) -> bool:
    return name.startswith((".", "~")) or name.lower().endswith(TEMPORARY_SUFFIXES)


def upload_files(roots, *, skip=()):
    """(archive name, path) of every kept file under the roots, in a stable order."""
    skip = [Path(p).resolve() for p in skip]
    for root_name, root in roots.items():
        if not root.is_dir():
            continue
        for folder, dirs, names in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not is_temporary(d) and (here / d).resolve() not in skip)
            for name in sorted(names):
                path = here / name
                if not is_temporary(name) and path.is_file() and not path.is_symlink():
                    yield f"files/{root_name}/{path.relative_to(root).as_posix()}", path


# Writing --------------------------------------------------------------------------------------------


def add_file(tar, path: Path, arcname: str) -> dict | None:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; a file deleted meanwhile is skipped
    except FileNotFoundError:
        return None
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = HashingReader(handle)
        tar.addfile(info, reader)
    return {"path": arcname, "size": info.size, "sha256": reader.digest.hexdigest()}


def add_json(tar, arcname: str, data: dict):
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()
    info = tarfile.TarInfo(arcname)
    info.size, info.mtime, info.mode = len(body), int(datetime.now(UTC).timestamp()), 0o600
    tar.addfile(info, _BytesReader(body))


class _BytesReader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def app_version() -> str:
    try:
        return metadata.version("fupin")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_manifest(*, created, database, files, key) -> dict:
    rows = sum(database["tables"].values())
    return {
        "format": FORMAT,
        "created_at": created.isoformat(),
        "app_version": app_version(),
        "django_version": django.get_version(),
        "python_version": platform.python_version(),
        "encrypted": key is not None,
        "key_id": key_id(key).hex() if key else None,
        "database": database,
        "files": files,
        "totals": {
            "tables": len(database["tables"]),
            "rows": rows,
            "files": len(files),
            "file_bytes": sum(f["size"] for f in files),
        },
    }


def private(path, flags):
    return os.open(path, flags, 0o600)  # archives hold personal data: readable by the owner only


def write_archive(raw, *, key, dump: Path, database: dict, created, skip) -> tuple[str, dict]:
    """Pack, compress and seal into `raw`; the archive's SHA-256 and the manifest."""
    hashing = HashingWriter(raw)
    sealed = SealingWriter(hashing, key) if key else None
    dumpname = databases.DUMP_NAMES[database["engine"]]
    with (
        gzip.GzipFile(fileobj=sealed or hashing, mode="wb", compresslevel=3, mtime=0) as packed,
        tarfile.open(fileobj=packed, mode="w|", format=tarfile.PAX_FORMAT) as tar,
    ):
        entry = add_file(tar, dump, dumpname)
        files = [add_file(tar, path, arcname) for arcname, path in upload_files(upload_roots(), skip=skip)]
        files = [f for f in files if f is not None]
        database = {**database, "file": dumpname, "size": entry["size"], "sha256": entry["sha256"]}
        manifest = build_manifest(created=created, database=database, files=files, key=key)
        add_json(tar, MANIFEST, manifest)
    if sealed:
        sealed.close()
    raw.flush()
    os.fsync(raw.fileno())
    return hashing.digest.hexdigest(), manifest


def make_backup(*, output_dir, key, database="default", on_snapshot=lambda: None) -> BackupResult:
    """Write one archive into output_dir; `key=None` writes it unencrypted. `on_snapshot` is called once
    the database copy is fixed (the instant the backup stands for)."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    name = f"fupin-{created:%Y%m%dT%H%M%S}-{created.microsecond:06d}Z.tar.gz" + (".enc" if key else "")
    path, partial = output_dir / name, output_dir / f".{name}.partial"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".staging-") as staging:
        dump = Path(staging) / "database"
        described = databases.snapshot(database, dump, on_snapshot)
        try:
            with open(partial, "wb", opener=private) as raw:
                checksum, manifest = write_archive(
                    raw, key=key, dump=dump, database=described, created=created, skip=[output_dir]
                )
        except BaseException:
            partial.unlink(missing_ok=True)  # a failed backup leaves no half archive behind
            raise
    partial.rename(path)
    with open(f"{path}.sha256", "w", encoding="utf-8", opener=private) as beside:
        beside.write(f"{checksum}  {name}\n")
    return BackupResult(path, checksum, manifest)


# Reading --------------------------------------------------------------------------------------------


def verify_checksum(path: Path) -> str:
    beside = Path(f"{path}.sha256")
    if not beside.exists():
        raise BackupError(_("找不到校验文件 %(name)s。") % {"name": beside.name})
    expected = beside.read_text(encoding="utf-8").split()[0].lower()
    actual = sha256_of(path)
    if actual != expected:
        raise BackupError(_("备份文件的 SHA-256 与校验文件不符：文件已损坏或被改动。"))
    return actual


def safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(_("备份中有不安全的路径：%(name)s") % {"name": name})
    return path


def is_sealed(path) -> bool:
    with open(path, "rb") as raw:
        return raw.read(len(MAGIC)) == MAGIC


def plain_stream(raw, key):
    """The gzip stream inside an archive: opened with the key when sealed."""
    head = raw.read(len(MAGIC))
    raw.seek(0)
    if head == MAGIC:
        return OpeningReader(raw, key)
    if head[:2] == b"\x1f\x8b":
        return raw
    raise BackupError(_("该文件不是扶贫系统的备份。"))


def read_archive(path: Path, key, staging: Path | None = None) -> dict:
    """Open and check every member against the manifest; with `staging`, extract them there."""
    seen = {}
    manifest = None
    with open(path, "rb") as raw:
        plain = plain_stream(raw, key)
        try:
            with (
                gzip.GzipFile(fileobj=plain, mode="rb") as packed,
                tarfile.open(fileobj=packed, mode="r|") as tar,
            ):
                for member in tar:
                    if not member.isfile():
                        raise BackupError(_("备份中有不安全的路径：%(name)s") % {"name": member.name})
                    name = safe_name(member.name)
                    source = HashingReader(tar.extractfile(member))
                    if member.name == MANIFEST:
                        manifest = json.loads(source.read())
                        continue
                    if staging is None:
                        while source.read(CHUNK):
                            pass
                    else:
                        target = staging.joinpath(*name.parts)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with open(target, "wb") as out:
                            shutil.copyfileobj(source, out, CHUNK)
                    seen[member.name] = {"size": source.size, "sha256": source.digest.hexdigest()}
                while packed.read(CHUNK):  # to the end: the gzip CRC and the last sealed chunk are checked
                    pass
        except (tarfile.TarError, gzip.BadGzipFile, EOFError, json.JSONDecodeError) as exc:
            raise BackupError(_("备份文件已损坏：%(error)s") % {"error": exc}) from exc
    check_members(manifest, seen)
    return manifest


def check_members(manifest, seen):
    if manifest is None or manifest.get("format") != FORMAT:
        raise BackupError(_("备份中缺少清单（manifest.json）或格式不符。"))
    database = manifest["database"]
    expected = {database["file"]: database, **{f["path"]: f for f in manifest["files"]}}
    for name, entry in expected.items():
        got = seen.get(name)
        if got is None or got["size"] != entry["size"] or got["sha256"] != entry["sha256"]:
            raise BackupError(_("备份中的 %(name)s 与清单不符。") % {"name": name})
    extra = set(seen) - set(expected)
    if extra:
        raise BackupError(_("备份中有清单之外的文件：%(name)s") % {"name": sorted(extra)[0]})


def verify_archive(path, key) -> dict:
    """Checksum, decryption and every member's SHA-256 against the manifest; the manifest."""
    path = Path(path)
    verify_checksum(path)
    return read_archive(path, key)


# Restoring ------------------------------------------------------------------------------------------


def count_differences(expected: dict, actual: dict) -> list[str]:
    return [
        f"{table}: {count} → {actual.get(table)}"
        for table, count in expected.items()
        if actual.get(table) != count
    ]


def place_files(staging: Path, manifest: dict, files_into=None) -> int:
    roots = upload_roots()
    for entry in manifest["files"]:
        _files, root_name, *rest = safe_name(entry["path"]).parts
        root = Path(files_into) / root_name if files_into else roots.get(root_name)
        if root is None:
            raise BackupError(_("备份中的文件夹 %(name)s 在本系统中没有对应位置。") % {"name": root_name})
        target = root.joinpath(*rest)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(staging.joinpath(*safe_name(entry["path"]).parts), partial)
        partial.replace(target)
    return len(manifest["files"])


def restore_archive(path, *, key, into=None, files_into=None, force=False) -> dict:
    """Check the archive, put the database into `into` (a DATABASE_URL; the configured database when
    None) and the files into their folders, then compare the row counts with the manifest."""
    path = Path(path)
    target = databases.target_from_url(into) if into else dict(connections["default"].settings_dict)
    verify_checksum(path)
    if databases.has_tables(target) and not force:
        raise BackupError(_("目标数据库不是空的；确认要覆盖它时请加 --force。"))
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".restore-") as staging:
        staging = Path(staging)
        manifest = read_archive(path, key, staging)
        database = manifest["database"]
        restored = databases.restore(
            database["engine"], staging.joinpath(*database["file"].split("/")), target
        )
        differences = count_differences(database["tables"], restored["tables"])
        if differences:
            raise BackupError(_("恢复后的行数与清单不符：%(list)s") % {"list": "；".join(differences[:10])})
        place_files(staging, manifest, files_into)
    return manifest
