from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from prongsai.demo.site import current_year_lines, load_demo, reset_demo
from prongsai.orgs.demo import usernames


class Command(BaseCommand):
    help = (
        "Load the fictional demo (six organisations, people in every role, this year and last); "
        "safe to repeat. --reset deletes the demo first and builds it again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="password for the demo accounts (default: generated)"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "ลบข้อมูลสาธิตแล้วสร้างใหม่ (delete the demo and build it again): the demo's "
                "organisations (by their slugs) with everything of theirs, including their "
                "complaints' audit events, which are never deleted otherwise, and the demo's "
                "accounts. Other organisations are not touched."
            ),
        )

    def handle(self, *args, **options):
        if options["reset"]:
            try:
                demo, password = reset_demo(options["password"])
            except ProtectedError as error:
                raise CommandError(
                    "ล้างข้อมูลสาธิตไม่ได้: บัญชีสาธิตถูกใช้ในข้อมูลของหน่วยงานอื่น "
                    "(a demo account is used by another organisation's data)"
                ) from error
        else:
            demo, password = load_demo(options["password"])
        if password:
            self.stdout.write("บัญชีสาธิต (demo accounts), รหัสผ่าน (password): " + password)
            self.stdout.write("  " + ", ".join(usernames()))
        else:
            self.stdout.write("บัญชีสาธิตมีอยู่แล้ว รหัสผ่านเดิม (demo accounts exist; passwords unchanged)")
        for line in current_year_lines(demo):
            self.stdout.write(line)
