from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from briefs.services import FAILED, garden_import


class Command(BaseCommand):
    help = _("Import a digital garden: Markdown notes (.md, .markdown, .txt), folders (recursively) and .zip archives.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=_("files, folders or .zip archives"))
        parser.add_argument("--dry-run", action="store_true", help=_("report what would change, store nothing"))

    def handle(self, *args, paths, dry_run, verbosity, **options):
        report = garden_import(paths=paths, dry_run=dry_run)
        for result in report.files:
            if result.status == FAILED:
                self.stderr.write(_("%(name)s: %(reason)s") % {"name": result.name, "reason": result.reason})
            elif verbosity >= 2:
                self.stdout.write(f"{result.status}: {result.name}")
            for warning in result.warnings if verbosity >= 1 else ():  # imported, but not all of it: never silent
                self.stderr.write(_("%(name)s: warning: %(warning)s") % {"name": result.name, "warning": warning})
        if verbosity >= 1:
            self.stdout.write(report.summary())
        if report.failures:
            # CommandError exits with status 1 and one line on stderr, no traceback.
            raise CommandError(_("%(n)d file(s) failed to import") % {"n": len(report.failures)}, returncode=1)
