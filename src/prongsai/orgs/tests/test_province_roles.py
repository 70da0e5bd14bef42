"""Provincial readers and province administrators become one ProvinceRole (orgs 0005): every
role is kept, someone who held both keeps one row as administrator, and the audit trail still
tells who was given which role, re-pointed to the new rows. And a role names a real province."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.orgs.access import administers_province, reads_province
from prongsai.orgs.models import Membership, Organisation, ProvinceRole
from prongsai.test import PASSWORD, BaseTestCase

BEFORE = ("orgs", "0004_register_code_geography_province_admin")


def migrate_to(target) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


class ProvinceRoleMigrationTests(TransactionTestCase):
    def setUp(self):
        users = get_user_model().objects
        self.reader = users.create_user("reader")
        self.admin = users.create_user("admin-only")
        self.both = users.create_user("both")
        self.org = Organisation.objects.create(
            slug="a", name_th="อบต.เอ", kind="sao", province="ชลบุรี"
        )
        self.org_admin = users.create_user("org-admin")
        Membership.objects.create(user=self.org_admin, org=self.org, role="admin")

    def tearDown(self):
        ContentType.objects.clear_cache()
        super().tearDown()

    def old_rows(self):
        """Roles as they were held before the merge, each with its audit entry, and the entry
        of a reader removed before it."""
        old = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
        readers = old.get_model("orgs", "ProvincialReader").objects
        admins = old.get_model("orgs", "ProvinceAdministrator").objects
        entries = AuditEntry.objects  # its table is the same before and after
        made = {
            "reader": readers.create(user_id=self.reader.pk, province="ชลบุรี"),
            "admin": admins.create(user_id=self.admin.pk, province="ชลบุรี"),
            "both-read": readers.create(user_id=self.both.pk, province="ขอนแก่น"),
            "both-admin": admins.create(user_id=self.both.pk, province="ขอนแก่น"),
        }
        for key, row in made.items():
            model = type(row)._meta.model_name
            content_type = ContentType.objects.get_or_create(app_label="orgs", model=model)[0]
            entries.create(
                content_type_id=content_type.pk, object_pk=str(row.pk), object_id=row.pk,
                object_repr=key, action=0, province=row.province,
            )  # fmt: skip
        gone = readers.create(user_id=self.reader.pk, province="ระยอง")
        reader_type = ContentType.objects.get(app_label="orgs", model="provincialreader")
        entries.create(
            content_type_id=reader_type.pk, object_pk=str(gone.pk), object_id=gone.pk,
            object_repr="ผู้อ่านที่ถูกลบ – ชลบุรี", action=2, province="ชลบุรี",
        )  # fmt: skip
        gone_pk = gone.pk
        gone.delete()
        return made, gone_pk

    def test_roles_and_their_history_survive_the_merge(self):
        migrate_to([BEFORE])
        made, gone_pk = self.old_rows()
        executor = MigrationExecutor(connection)
        migrate_to(executor.loader.graph.leaf_nodes())

        roles = {(r.user.username, r.province): r.role for r in ProvinceRole.objects.all()}
        self.assertEqual(
            roles,
            {
                ("reader", "ชลบุรี"): "reader",
                ("admin-only", "ชลบุรี"): "administrator",
                ("both", "ขอนแก่น"): "administrator",
            },
        )
        self.assertTrue(reads_province(self.reader, "ชลบุรี"))
        self.assertFalse(administers_province(self.reader, "ชลบุรี"))
        self.assertTrue(administers_province(self.admin, "ชลบุรี"))
        self.assertTrue(administers_province(self.both, "ขอนแก่น"))

        role_type = ContentType.objects.get_for_model(ProvinceRole)
        entries = {e.object_repr: e for e in AuditEntry.objects.all()}
        for key, user in (("reader", self.reader), ("admin", self.admin), ("both-read", self.both),
                          ("both-admin", self.both)):  # fmt: skip
            with self.subTest(entry=key):
                row = ProvinceRole.objects.get(user=user)
                self.assertEqual(entries[key].content_type, role_type)
                self.assertEqual(
                    (entries[key].object_pk, entries[key].object_id), (str(row.pk), row.pk)
                )
        orphan = entries["ผู้อ่านที่ถูกลบ – ชลบุรี"]
        self.assertEqual(orphan.content_type, role_type)
        self.assertEqual(
            (orphan.object_pk, orphan.object_id), (f"provincialreader-{gone_pk}", None)
        )
        self.assertFalse(
            ContentType.objects.filter(
                app_label="orgs", model__in=["provincialreader", "provinceadministrator"]
            ).exists()
        )
        # The organisation's history lists the province's entries, the removed reader's too.
        self.client.force_login(self.org_admin)
        page = self.client.get(reverse("audit:org", args=[self.org.slug]))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "ผู้อ่านที่ถูกลบ – ชลบุรี")
        self.assertContains(page, "admin-only")  # named from the live row

    def test_going_back_splits_the_roles_again(self):
        ProvinceRole.objects.create(user=self.reader, province="ชลบุรี")
        ProvinceRole.objects.create(
            user=self.admin, province="ชลบุรี", role=ProvinceRole.Role.ADMINISTRATOR
        )
        executor = migrate_to([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        readers = old.get_model("orgs", "ProvincialReader").objects
        admins = old.get_model("orgs", "ProvinceAdministrator").objects
        self.assertEqual(
            list(readers.values_list("user_id", "province")), [(self.reader.pk, "ชลบุรี")]
        )
        self.assertEqual(list(admins.values_list("user_id", "province")), [(self.admin.pk, "ชลบุรี")])
        migrate_to(executor.loader.graph.leaf_nodes())
        self.assertEqual(ProvinceRole.objects.count(), 2)


class ProvinceRoleAdminTests(BaseTestCase):
    """The site's administrator gives province roles in the Django admin: a misspelt province
    is refused with a Thai message, nothing written."""

    def test_only_a_known_province_is_accepted(self):
        superuser = get_user_model().objects.create_superuser("root", password=PASSWORD)
        self.client.force_login(superuser)
        url = reverse("admin:orgs_provincerole_add")
        roles = ProvinceRole.objects.count()
        refused = self.client.post(
            url, {"user": self.officer_b.pk, "province": "Chonburi", "role": "administrator"}
        )
        self.assertEqual(refused.status_code, 200)  # the form again, with the message
        self.assertContains(refused, "ไม่มีจังหวัดชื่อนี้")
        self.assertContains(refused, 'value="Chonburi"')
        self.assertEqual(ProvinceRole.objects.count(), roles)
        added = self.client.post(
            url, {"user": self.officer_b.pk, "province": "ระยอง", "role": "administrator"}
        )
        self.assertEqual(added.status_code, 302)
        self.assertTrue(administers_province(self.officer_b, "ระยอง"))
