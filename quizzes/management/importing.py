"""What the import commands (import_gift, import_moodle_xml, import_aiken) share: they differ only in the format."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from quizzes.models import Quiz
from quizzes.services import IMPORT_FORMATS, IMPORT_MAX_BYTES, quiz_import


class ImportCommand(BaseCommand):
    format = "gift"  # a key of IMPORT_FORMATS

    @property
    def help(self) -> str:
        label = IMPORT_FORMATS[self.format].label
        return f"Import a {label} file into a quiz, creating it as a draft if it does not exist."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--quiz", required=True, help="The quiz's slug")
        parser.add_argument("--title", help="Title for a new quiz (default: from the slug)")
        parser.add_argument("--append", action="store_true", help="Add to the quiz's questions instead of replacing")

    def handle(self, *args, file, quiz, title=None, append=False, **options):
        text = _read(Path(file))
        slug = slugify(quiz)
        if not slug:
            raise CommandError(f"“{quiz}” is not a usable quiz slug.")
        try:
            with transaction.atomic():
                target, created = Quiz.objects.get_or_create(
                    slug=slug, defaults={"title": title or slug.replace("-", " ").title(), "published": False}
                )
                replace = not append and not created
                result = quiz_import(quiz=target, text=text, format=self.format, replace=replace)
        except ValidationError as exc:
            raise CommandError(f"{file}: {' '.join(exc.messages)}") from exc
        for warning in result.warnings:
            self.stderr.write(f"{file}: warning: {warning}")
        verb = "created" if created else "updated"
        self.stdout.write(f"{verb} quiz {slug}: {result.imported} questions imported, {len(result.warnings)} warnings")


def _read(path: Path) -> str:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    if path.stat().st_size > IMPORT_MAX_BYTES:
        raise CommandError(f"{path}: larger than {IMPORT_MAX_BYTES // 1024} KB")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text") from exc
