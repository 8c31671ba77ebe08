from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fupin.core.backup import archive
from fupin.core.backup.sealing import BackupError
from fupin.core.management.commands.backup import key_for, summary


class Command(BaseCommand):
    requires_system_checks = []  # a backup or restore must not wait on an unrelated configuration warning
    help = "Restore a backup archive into an empty database and the upload folders, then check row counts."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--into", metavar="DATABASE_URL", help="target database (default: the configured one)"
        )
        parser.add_argument("--files-into", metavar="DIR", help="put the uploaded files under DIR instead")
        parser.add_argument("--force", action="store_true", help="restore over a database that has tables")

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(_("找不到备份文件 %(path)s。") % {"path": path})
        try:
            manifest = archive.restore_archive(
                path,
                key=key_for(path, self.stderr),
                into=options["into"],
                files_into=options["files_into"],
                force=options["force"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("恢复完成：%(path)s（%(created)s，%(summary)s），行数与清单一致。")
            % {"path": path, "created": manifest["created_at"], "summary": summary(manifest)}
        )
