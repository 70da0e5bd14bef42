from __future__ import annotations

from django.core.management.base import BaseCommand

from prongsai.orgs.demo import load_demo


class Command(BaseCommand):
    help = "Load a fictional demo dataset (organisations, people in every role, results); safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="password for the demo accounts (default: generated)"
        )

    def handle(self, *args, **options):
        password, usernames = load_demo(options["password"])
        if password:
            self.stdout.write("บัญชีสาธิต (demo accounts), รหัสผ่าน (password): " + password)
            self.stdout.write("  " + ", ".join(usernames))
        else:
            self.stdout.write("บัญชีสาธิตมีอยู่แล้ว รหัสผ่านเดิม (demo accounts exist; passwords unchanged)")
