from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fupin.core.backup import archive
from fupin.core.backup.sealing import BackupError


def key_for(path, stderr):
    """The key an archive needs (None for an unencrypted one), with the warning for a development key."""
    if not archive.is_sealed(path):
        return None
    return checked_key(stderr)


def checked_key(stderr):
    key, derived = archive.backup_key()
    if derived:
        stderr.write(_("警告：未设置 FUPIN_BACKUP_KEY，使用由 SECRET_KEY 派生的开发密钥（仅限 DEBUG）。"))
    return key


def summary(manifest) -> str:
    totals = manifest["totals"]
    return _(
        "%(engine)s 数据库 %(tables)s 张表 %(rows)s 行，%(files)s 个文件 %(megabytes).1f MB，%(sealed)s"
    ) % {
        "engine": manifest["database"]["engine"],
        "tables": totals["tables"],
        "rows": totals["rows"],
        "files": totals["files"],
        "megabytes": totals["file_bytes"] / 1e6,
        "sealed": _("已加密") if manifest["encrypted"] else _("未加密"),
    }


class Command(BaseCommand):
    requires_system_checks = []  # a backup or restore must not wait on an unrelated configuration warning
    help = (
        "Back up the database and uploaded files into one encrypted archive with a manifest (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="folder for the archive (default: BACKUP_DIR)")
        parser.add_argument("--database", default="default", help="database alias to back up")
        parser.add_argument("--unencrypted", action="store_true", help="write the archive without encryption")
        parser.add_argument("--verify", metavar="ARCHIVE", help="check an archive instead of writing one")

    def handle(self, *args, **options):
        try:
            if options["verify"]:
                return self.verify(Path(options["verify"]))
            key = None if options["unencrypted"] else checked_key(self.stderr)
            output = Path(options["output"] or settings.BACKUP_DIR)
            result = archive.make_backup(output_dir=output, key=key, database=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("备份完成：%(path)s（%(summary)s）SHA-256 %(sha)s")
            % {"path": result.path, "summary": summary(result.manifest), "sha": result.sha256}
        )

    def verify(self, path):
        if not path.is_file():
            raise CommandError(_("找不到备份文件 %(path)s。") % {"path": path})
        manifest = archive.verify_archive(path, key_for(path, self.stderr))
        self.stdout.write(
            _("备份完好：%(path)s（%(created)s，%(summary)s）")
            % {"path": path, "created": manifest["created_at"], "summary": summary(manifest)}
        )
