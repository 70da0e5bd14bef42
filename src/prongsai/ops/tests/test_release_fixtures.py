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
from prongsai.orgs.models import Membership, ProvinceRole

# Django's own record of the models: a removed model's rows go with it, a new one's may come.
BOOKKEEPING = {"contenttypes.contenttype", "auth.permission"}


def removed_models(snapshot: dict) -> set[int]:
    """The snapshot's content type ids of models removed since (a merge of two models, say)."""
    gone = set()
    for content_type_id, app_label, model in snapshot["tables"]["contenttypes.contenttype"]["rows"]:
        try:
            current_apps.get_model(app_label, model)
        except LookupError:
            gone.add(content_type_id)
    return gone


def describes(label: str, row: list, gone: set[int]) -> bool:
    """A content type, or a permission, of a removed model: its migration removes it too."""
    if label == "contenttypes.contenttype":
        return row[0] in gone
    if label == "auth.permission":
        return row[2] in gone
    return False


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
                self.assert_provincial_readers_kept(snapshot)
                self.assert_an_officer_works_on_the_migrated_data()

    def assert_rows_readable(self, snapshot: dict) -> None:
        self.assertGreater(len(snapshot["tables"]), 30)  # the demo fills most tables
        gone = removed_models(snapshot)
        for label, table in snapshot["tables"].items():
            try:
                model = current_apps.get_model(label)
            except LookupError:
                continue  # a model removed since: its migration decided what became of the rows
            objects = list(model._base_manager.all())  # every row reads through today's model
            if label in BOOKKEEPING:  # migrations may add rows here (a new model's type)
                kept = {row[0] for row in table["rows"] if not describes(label, row, gone)}
                self.assertLessEqual(kept, {o.pk for o in objects}, label)
            else:
                self.assertEqual(len(objects), len(table["rows"]), label)

    def assert_provincial_readers_kept(self, snapshot: dict) -> None:
        """Releases before orgs 0005 held provincial readers in their own table."""
        old = snapshot["tables"].get("orgs.provincialreader")
        if old is None:
            return
        fields = old["fields"]
        readers = {
            (row[fields.index("user_id")], row[fields.index("province")]) for row in old["rows"]
        }
        self.assertTrue(readers)
        kept = ProvinceRole.objects.filter(role=ProvinceRole.Role.READER)
        self.assertEqual(set(kept.values_list("user_id", "province")), readers)

    def assert_an_officer_works_on_the_migrated_data(self) -> None:
        membership = Membership.objects.select_related("org", "user").filter(role="officer")[0]
        self.client.force_login(membership.user)
        page = self.client.get(f"/o/{membership.org.slug}/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, membership.org.name_th)
