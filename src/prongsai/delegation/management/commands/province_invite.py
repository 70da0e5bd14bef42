from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import translation

from prongsai.delegation.people import invite_to_province
from prongsai.geo.models import Province


class Command(BaseCommand):
    help = (
        "Invite a person to a province by e-mail (a one-time link that sets the password, "
        "pointing at PRONGSAI_BASE_URL): a reader of every organisation of the province, or "
        "with --administrator its administrator. How a site's administrator appoints the first "
        "province administrator without the Django admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--province", required=True, help="the province's Thai name")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", default="")
        parser.add_argument("--administrator", action="store_true")

    def handle(self, *args, **options):
        email, province = options["email"].strip(), options["province"].strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"อีเมล {email!r} ไม่ถูกต้อง (not an e-mail address)") from exc
        if not Province.objects.filter(name_th=province).exists():
            raise CommandError(
                f"ไม่รู้จักจังหวัด {province!r} ใช้ชื่อภาษาไทย เช่น ชลบุรี "
                "(unknown province: give its Thai name)"
            )
        with translation.override(settings.LANGUAGE_CODE):  # the e-mail in the site's language
            role, created = invite_to_province(
                province,
                email=email,
                first_name=options["first_name"].strip(),
                last_name=options["last_name"].strip(),
                base_url=settings.BASE_URL,
                administrator=options["administrator"],
            )
            said = role.get_role_display()
        account = "บัญชีใหม่ (new account)" if created else "บัญชีเดิม (existing account)"
        self.stdout.write(f"ส่งคำเชิญไปที่ {email} แล้ว: {said} จังหวัด{province}, {account}")
