"""Complainants' identities have keys of their own: not SECRET_KEY, rotatable, re-encrypted."""

from __future__ import annotations

import base64
import hashlib
import stat
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from prongsai.complaints import crypto
from prongsai.complaints.models import Complaint
from prongsai.test import BaseTestCase

PEOPLE = [("นางสาวหนึ่ง ผู้ร้อง", "081-000-0001"), ("นายสอง ผู้ร้อง", "two@example.go.th")]


def key_derived_from(secret_key: str) -> Fernet:
    """How identities used to be keyed: from SECRET_KEY (must no longer read anything)."""
    digest = hashlib.sha256(f"prongsai-field-key:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class FieldKeyTests(BaseTestCase):
    def setUp(self):
        self.key_file = Path(tempfile.mkdtemp(prefix="prongsai-keys-")) / "field_keys"
        overrides = self.settings(FIELD_KEYS=[], FIELD_KEYS_FILE=self.key_file)
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.complaints = []
        for n, (name, contact) in enumerate(PEOPLE):
            complaint = Complaint(
                org=self.org_a, receipt_hash=f"{n:064d}", category="corruption", what="x",
                anonymous=False, received_on=date(2025, 3, 1),
            )  # fmt: skip
            complaint.set_identity(name, contact)
            complaint.save()
            self.complaints.append(complaint)
        Complaint.objects.create(
            org=self.org_a, receipt_hash="9" * 64, category="other", what="y",
            received_on=date(2025, 3, 2),
        )  # fmt: skip

    def stored(self) -> list[bytes]:
        rows = Complaint.objects.order_by("receipt_hash").values_list("name_enc", "contact_enc")
        return [bytes(token) for row in rows for token in row if bytes(token)]

    def file_keys(self) -> list[str]:
        return self.key_file.read_text().split()

    def identities(self) -> list[tuple[str, str]]:
        return [Complaint.objects.get(pk=c.pk).identity() for c in self.complaints]

    def test_the_key_file_is_made_once_and_private(self):
        self.assertEqual(stat.S_IMODE(self.key_file.stat().st_mode), 0o600)
        self.assertEqual(len(self.file_keys()), 1)
        only_key = Fernet(self.file_keys()[0].encode())
        self.assertEqual(only_key.decrypt(self.stored()[0]).decode(), PEOPLE[0][0])

    def test_identities_are_not_keyed_by_secret_key_and_survive_its_rotation(self):
        from django.conf import settings

        for token in self.stored():
            with self.assertRaises(InvalidToken):
                key_derived_from(settings.SECRET_KEY).decrypt(token)
        with self.settings(SECRET_KEY="a-brand-new-secret-key-after-rotation"):
            self.assertEqual(self.identities(), PEOPLE)

    def test_rotate_key_replaces_every_old_ciphertext_and_identities_still_read(self):
        (original,) = self.file_keys()
        old_key = Fernet(original.encode())
        before = self.stored()
        out = StringIO()
        call_command("complaints_rotate_key", stdout=out)
        new_key_text, old_key_text = self.file_keys()
        self.assertEqual(old_key_text, original)  # kept second, for older backups
        after = self.stored()
        self.assertEqual(len(after), len(before))
        self.assertFalse(set(before) & set(after))  # no old ciphertext is left
        new_only = Fernet(new_key_text.encode())
        for token in after:
            new_only.decrypt(token)  # every value is under the new key
            with self.assertRaises(InvalidToken):
                old_key.decrypt(token)
        self.assertEqual(self.identities(), PEOPLE)
        self.assertIn("re-encrypted 4 values in 2 complaints", out.getvalue())

    def test_with_keys_in_the_environment_the_operator_is_told_then_reencrypts(self):
        first = crypto.new_key()
        with self.settings(FIELD_KEYS=[first]):
            for c, (name, contact) in zip(self.complaints, PEOPLE, strict=True):
                c.set_identity(name, contact)
                c.save()
            out = StringIO()
            call_command("complaints_rotate_key", stdout=out)
            told = out.getvalue().split()[-1]
            Fernet(told.encode())  # a usable key was printed
            self.assertIn("PRONGSAI_FIELD_KEYS", out.getvalue())
            Fernet(first.encode()).decrypt(self.stored()[0])  # nothing changed yet
        with self.settings(FIELD_KEYS=[told, first]):
            out = StringIO()
            call_command("complaints_rotate_key", "--reencrypt", stdout=out)
            self.assertIn("re-encrypted 4 values in 2 complaints", out.getvalue())
            for token in self.stored():
                Fernet(told.encode()).decrypt(token)
            self.assertEqual(self.identities(), PEOPLE)

    def test_a_key_that_reads_nothing_stops_the_rotation_whole(self):
        before = self.stored()
        stranger = crypto.new_key()
        with (
            self.settings(FIELD_KEYS=[stranger]),
            self.assertRaisesMessage(Exception, "nothing was changed"),
        ):
            call_command("complaints_rotate_key", "--reencrypt", stdout=StringIO())
        self.assertEqual(self.stored(), before)

    def test_a_malformed_key_is_a_clear_configuration_error(self):
        with (
            self.settings(FIELD_KEYS=["not-a-key"]),
            self.assertRaisesMessage(ImproperlyConfigured, "PRONGSAI_FIELD_KEYS"),
        ):
            crypto.encrypt("x")

    def test_multifernet_reads_older_keys(self):
        old, new = crypto.new_key(), crypto.new_key()
        token = Fernet(old.encode()).encrypt(b"older")
        with self.settings(FIELD_KEYS=[new, old]):
            self.assertEqual(crypto.decrypt(token), "older")
            self.assertEqual(
                MultiFernet([Fernet(new.encode())]).decrypt(crypto.rotate(token)), b"older"
            )
