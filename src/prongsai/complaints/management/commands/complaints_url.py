from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = "Print the public complaint form URL of an organisation (its QR poster is on the complaints page)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)

    def handle(self, *args, **options):
        if not Organisation.objects.filter(slug=options["org"]).exists():
            raise CommandError(
                f"ไม่พบหน่วยงาน '{options['org']}' (no such organisation)", returncode=2
            )
        self.stdout.write(settings.BASE_URL + reverse("complaints:form", args=[options["org"]]))
