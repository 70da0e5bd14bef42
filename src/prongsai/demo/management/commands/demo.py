from __future__ import annotations

from django.core.management.base import BaseCommand

from prongsai.demo.site import load_demo
from prongsai.orgs.demo import usernames


class Command(BaseCommand):
    help = "Load the fictional demo (six organisations, people in every role, this year and last); safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="password for the demo accounts (default: generated)"
        )

    def handle(self, *args, **options):
        _demo, password = load_demo(options["password"])
        if password:
            self.stdout.write("บัญชีสาธิต (demo accounts), รหัสผ่าน (password): " + password)
            self.stdout.write("  " + ", ".join(usernames()))
        else:
            self.stdout.write("บัญชีสาธิตมีอยู่แล้ว รหัสผ่านเดิม (demo accounts exist; passwords unchanged)")
