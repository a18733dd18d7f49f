"""Rotate the LTI tool's signing key: a new key signs from now on; the keys it replaced stay in the JWKS for
LTI_KEY_RETIRE_AFTER (24 h by default), then beat's hourly task unpublishes them. Run it from cron (e.g. monthly);
`--retire-only` just unpublishes, at once, the keys whose time is up."""

from django.core.management.base import BaseCommand

from classroom.lti import services


class Command(BaseCommand):
    help = "Make a new LTI signing key and unpublish the keys replaced more than LTI_KEY_RETIRE_AFTER ago."

    def add_arguments(self, parser):
        parser.add_argument("--retire-only", action="store_true", help="Make no new key; only unpublish old ones.")

    def handle(self, *args, retire_only: bool = False, **options):
        if retire_only:
            retired = services.keys_retire()
        else:
            key, retired = services.key_rotate()
            self.stdout.write(f"New signing key: {key}")
        self.stdout.write(f"Keys unpublished: {retired}")
