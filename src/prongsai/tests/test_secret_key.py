"""A new install without SECRET_KEY works: the key is made once into the data directory."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def prongsai(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the console script as a new user would: production mode, no key in the environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "PRONGSAI_DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean |= {"PRONGSAI_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        [sys.executable, "-m", "prongsai.cli", *args],
        env=clean, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


class SecretKeyTests(SimpleTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="prongsai-key-"))
        self.data = self.tmp / "new-install"  # does not exist yet

    def test_the_key_is_made_once_private_and_reused(self):
        first = prongsai(self.data, "shell", "-v", "0", "-c", PRINT_KEY)
        self.assertEqual(first.returncode, 0, first.stderr)
        key_file = self.data / "secret_key"
        self.assertEqual(stat.S_IMODE(key_file.stat().st_mode), 0o600)
        key = key_file.read_text().strip()
        self.assertGreaterEqual(len(key), 50)
        self.assertEqual(first.stdout.strip(), key)
        again = prongsai(self.data, "shell", "-v", "0", "-c", PRINT_KEY)
        self.assertEqual(again.stdout.strip(), key)
        self.assertEqual(key_file.read_text().strip(), key)
        self.assertEqual(prongsai(self.data, "check").returncode, 0)

    def test_an_operator_may_still_set_it(self):
        run = prongsai(
            self.data, "shell", "-v", "0", "-c", PRINT_KEY, SECRET_KEY="operator-chosen-key"
        )
        self.assertEqual(run.stdout.strip(), "operator-chosen-key", run.stderr)
        self.assertFalse((self.data / "secret_key").exists())

    def test_an_unusable_data_directory_is_a_sentence_not_a_traceback(self):
        blocker = self.tmp / "a-file"
        blocker.write_text("not a directory")
        run = prongsai(blocker / "data", "check")
        self.assertNotEqual(run.returncode, 0)
        self.assertNotIn("Traceback", run.stderr)
        self.assertIn("PRONGSAI_DATA_DIR", run.stderr)
