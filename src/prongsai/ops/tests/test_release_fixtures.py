"""Migrations keep data: every released snapshot, loaded at its own schema, migrates forward.

The snapshots are the demo at each release (`scripts/release-fixture.sh`). A migration that drops
a table or column holding data, fails on existing rows or leaves rows the models cannot read
fails here, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from django.apps import apps as current_apps
from django.contrib.contenttypes.models import ContentType
from django.test import TransactionTestCase

from prongsai.ops import release_fixture
from prongsai.orgs.models import Membership


class ReleaseSnapshotTests(TransactionTestCase):
    def tearDown(self):
        ContentType.objects.clear_cache()  # the snapshot brought its own content type ids
        super().tearDown()

    def test_there_is_a_snapshot_of_the_current_release(self):
        names = [p.name for p in release_fixture.snapshots()]
        self.assertIn("release-0.1.0.json.gz", names)

    def test_every_release_snapshot_migrates_forward_with_its_rows(self):
        for path in release_fixture.snapshots():
            with self.subTest(snapshot=path.name):
                snapshot = release_fixture.read(path)
                release_fixture.load_at_its_state(snapshot)
                release_fixture.migrate_to_latest()
                ContentType.objects.clear_cache()
                self.assert_rows_readable(snapshot)
                self.assert_an_officer_works_on_the_migrated_data()

    def assert_rows_readable(self, snapshot: dict) -> None:
        self.assertGreater(len(snapshot["tables"]), 30)  # the demo fills most tables
        for label, table in snapshot["tables"].items():
            try:
                model = current_apps.get_model(label)
            except LookupError:
                continue  # a model removed since: its migration decided what became of the rows
            objects = list(model._base_manager.all())  # every row reads through today's model
            self.assertEqual(len(objects), len(table["rows"]), label)

    def assert_an_officer_works_on_the_migrated_data(self) -> None:
        membership = Membership.objects.select_related("org", "user").filter(role="officer")[0]
        self.client.force_login(membership.user)
        page = self.client.get(f"/o/{membership.org.slug}/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, membership.org.name_th)
