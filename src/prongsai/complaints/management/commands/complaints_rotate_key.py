from __future__ import annotations

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from prongsai.complaints import crypto
from prongsai.complaints.models import Complaint

# Every encrypted column: (model, fields).
ENCRYPTED = [(Complaint, ("name_enc", "contact_enc"))]


def reencrypt_all() -> tuple[int, int]:
    """Re-encrypt every stored identity with the newest key, in one transaction.

    Returns (records changed, values re-encrypted). A value no key can read stops everything:
    nothing is half rotated.
    """
    records = values = 0
    with transaction.atomic():
        for model, fields in ENCRYPTED:
            rows = model.objects.select_for_update().only("pk", *fields).order_by("pk")
            for row in rows.iterator():
                changes = {}
                for field in fields:
                    token = bytes(getattr(row, field) or b"")
                    if token:
                        try:
                            changes[field] = crypto.rotate(token)
                        except InvalidToken:
                            raise CommandError(
                                f"{model._meta.verbose_name} {row.pk}: no field key reads its "
                                f"{field}; nothing was changed. Is a key missing from the list?"
                            ) from None
                if changes:
                    model.objects.filter(pk=row.pk).update(**changes)
                    records += 1
                    values += len(changes)
    return records, values


class Command(BaseCommand):
    help = (
        "Add a new field key in front and re-encrypt every complainant identity with it. "
        "With PRONGSAI_FIELD_KEYS set, prints the new key to put in front, then run again "
        "with --reencrypt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reencrypt",
            action="store_true",
            help="add no key: re-encrypt with the newest key already listed",
        )

    def handle(self, *args, **options):
        if not options["reencrypt"]:
            if crypto.keys_from_environment():
                key = crypto.new_key()
                self.stdout.write(
                    "PRONGSAI_FIELD_KEYS is set in the environment, so the new key cannot be "
                    "stored here. Put this key FIRST in PRONGSAI_FIELD_KEYS (keep the others after "
                    "it), restart the server, then run `prongsai complaints rotate-key "
                    f"--reencrypt`:\n{key}"
                )
                return
            crypto.add_key_to_file()
            self.stdout.write(
                f"เพิ่มกุญแจใหม่แล้ว (new key added in front of {settings.FIELD_KEYS_FILE}, "
                f"{len(crypto.keys())} keys)"
            )
        records, values = reencrypt_all()
        self.stdout.write(
            f"เข้ารหัสใหม่ {values} ค่า ใน {records} เรื่อง "
            f"(re-encrypted {values} values in {records} complaints with the newest key)"
        )
        if len(crypto.keys()) > 1:
            self.stdout.write(
                "Older keys are kept so older backups stay readable; remove them once those "
                "backups have expired."
            )
