"""Starting ITA 2570 from 2569 as an organisation's draft, editing it, publishing it."""

from __future__ import annotations

import io

import docx
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.frameworks.library import DATA_DIR, builtin_document, checksum
from prongsai.frameworks.models import Framework
from prongsai.ita.models import ItaResult
from prongsai.orgs.models import Membership
from prongsai.test import PASSWORD, BaseTestCase

NOTICE = "เกณฑ์ปี ๒๕๗๐ เป็นฉบับร่างที่หน่วยงานจัดทำจากปี ๒๕๖๙ ยังไม่ใช่เกณฑ์ที่ ป.ป.ช. ประกาศ"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def confidences(node, path="") -> list[tuple[str, str]]:
    """Every (place, confidence) of a document, field_confidence included."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "confidence":
                out.append((path, value))
            elif key == "field_confidence":
                out += [(f"{path}.{k}", v) for k, v in value.items()]
            else:
                out += confidences(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += confidences(value, f"{path}[{i}]")
    return out


class DraftTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.admin_a = users.create_user("admin-a", password=PASSWORD)
        cls.admin_b = users.create_user("admin-b", password=PASSWORD)
        Membership.objects.create(user=cls.admin_a, org=cls.org_a, role="admin")
        Membership.objects.create(user=cls.admin_b, org=cls.org_b, role="admin")
        cls.org_a.thai_digits = True
        cls.org_a.save()

    def setUp(self):
        self.builtins = dict(Framework.objects.filter(builtin=True).values_list("pk", "checksum"))
        self.files = {p.name: p.read_bytes() for p in DATA_DIR.glob("*.yaml")}

    def tearDown(self):
        # The official files and their rows are never touched, whatever a test did.
        now = dict(Framework.objects.filter(builtin=True).values_list("pk", "checksum"))
        self.assertEqual(now, self.builtins)
        self.assertEqual({p.name: p.read_bytes() for p in DATA_DIR.glob("*.yaml")}, self.files)
        for row in Framework.objects.filter(builtin=True):
            self.assertEqual(checksum(row.document), row.checksum)

    def start(self, user=None, org=None, year=2570):
        self.login(user or self.admin_a)
        org = org or self.org_a
        return self.client.post(reverse("ita:draft-start", args=[org.slug]), {"year": year})

    def draft(self) -> Framework:
        self.assertEqual(self.start().status_code, 302)
        return Framework.objects.get(org=self.org_a, year=2570)

    def workbook(self, row) -> tuple:
        response = self.client.get(reverse("ita:draft-workbook", args=[self.org_a.slug, row.pk]))
        self.assertEqual(response["Content-Type"], XLSX)
        book = load_workbook(io.BytesIO(response.content))
        return book, book["oit_items"]

    def upload(self, row, book):
        out = io.BytesIO()
        book.save(out)
        url = reverse("ita:draft-upload", args=[self.org_a.slug, row.pk])
        return self.client.post(url, {"file": SimpleUploadedFile("draft.xlsx", out.getvalue())})

    # ------------------------------------------------------------------ starting

    def test_starting_copies_2569_provisional_throughout(self):
        response = self.start()
        row = Framework.objects.get(org=self.org_a, year=2570)
        self.assertRedirects(response, reverse("ita:draft", args=[self.org_a.slug, row.pk]))
        self.assertEqual((row.status, row.based_on_year, row.builtin), ("draft", 2569, False))
        self.assertEqual(row.urn, "urn:prongsai:custom:org-a:2570")
        doc, source = row.document, builtin_document(2569)
        self.assertEqual(doc["year"], 2570)
        self.assertEqual(
            [i["code"] for i in doc["oit_items"]], [i["code"] for i in source["oit_items"]]
        )
        places = confidences(doc)
        self.assertGreater(len(places), len(source["oit_items"]))
        self.assertEqual({c for _p, c in places}, {"provisional"}, places[:5])
        # the current/previous-year items speak of 2570 and 2569 now
        names = {i["code"]: i.get("name", {}).get("th", "") for i in doc["oit_items"]}
        self.assertIn("พ.ศ. 2570", names["o11"])
        self.assertIn("พ.ศ. 2569", names["o12"])
        page = self.client.get(reverse("ita:draft", args=[self.org_a.slug, row.pk]))
        self.assertContains(page, NOTICE)

    def test_a_year_with_official_criteria_or_a_second_draft_is_refused(self):
        response = self.start(year=2569)
        self.assertContains(response, "ป.ป.ช. ประกาศแล้ว", status_code=400)
        self.draft()
        response = self.start()
        self.assertContains(response, "มีเกณฑ์ปี 2570 ของตนเองอยู่แล้ว", status_code=400)
        self.assertEqual(Framework.objects.filter(org=self.org_a).count(), 1)

    # ------------------------------------------------------------------ editing

    def test_the_workbook_round_trip_renames_drops_adds_and_changes_components(self):
        row = self.draft()
        book, sheet = self.workbook(row)
        header = [c.value for c in sheet[1]]
        col = {name: header.index(name) + 1 for name in header}
        rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
        sheet.cell(rows["o1"], col["name_th"]).value = "โครงสร้างและอำนาจหน้าที่ (ปรับชื่อ)"
        sheet.cell(rows["o3"], col["components"]).value = "เบอร์โทรศัพท์\nอีเมล"
        sheet.delete_rows(rows["o2"])
        sheet.append(["o27", 9, "", "ข้อที่หน่วยงานเพิ่ม", "", "ข้อหนึ่ง", "", "ผู้ดูแล", "provisional"])
        response = self.upload(row, book)
        self.assertRedirects(response, reverse("ita:draft", args=[self.org_a.slug, row.pk]))
        row.refresh_from_db()
        items = {i["code"]: i for i in row.document["oit_items"]}
        self.assertEqual(items["o1"]["name"]["th"], "โครงสร้างและอำนาจหน้าที่ (ปรับชื่อ)")
        self.assertEqual(
            [c["text"]["th"] for c in items["o3"]["components"]], ["เบอร์โทรศัพท์", "อีเมล"]
        )
        self.assertNotIn("o2", items)
        self.assertEqual(items["o27"]["indicator"], 9)
        self.assertEqual(items["o12"]["year_offset"], -1)  # carried through the sheet
        self.assertEqual(row.document["confidence"], "provisional")

    def test_a_bad_row_is_named_in_thai_and_nothing_is_written(self):
        row = self.draft()
        before = row.checksum
        book, sheet = self.workbook(row)
        header = [c.value for c in sheet[1]]
        sheet.cell(4, header.index("indicator") + 1).value = "เก้า"
        response = self.upload(row, book)
        self.assertContains(response, "ชีต oit_items แถว 4 คอลัมน์ indicator", status_code=400)
        self.assertContains(response, "ไม่ใช่ตัวเลข", status_code=400)
        row.refresh_from_db()
        self.assertEqual(row.checksum, before)
        # a value the schema refuses is placed by row and column too
        book, sheet = self.workbook(row)
        sheet.cell(6, header.index("confidence") + 1).value = "sure"
        response = self.upload(row, book)
        self.assertContains(response, "ชีต oit_items แถว 6 คอลัมน์ confidence", status_code=400)
        row.refresh_from_db()
        self.assertEqual(row.checksum, before)

    def test_one_item_at_a_time(self):
        row = self.draft()
        url = reverse("ita:draft-item", args=[self.org_a.slug, row.pk])
        self.client.post(url, {"action": "rename", "code": "o5", "name_th": "ข่าวประชาสัมพันธ์"})
        self.client.post(url, {"action": "drop", "code": "o4"})
        self.client.post(url, {"action": "add", "code": "o30", "indicator": 10, "name_th": ""})
        response = self.client.post(url, {"action": "add", "code": "o31", "indicator": 1})
        self.assertContains(response, "ต้องอยู่ในตัวชี้วัด OIT", status_code=400)
        row.refresh_from_db()
        items = {i["code"]: i for i in row.document["oit_items"]}
        self.assertEqual(items["o5"]["name"]["th"], "ข่าวประชาสัมพันธ์")
        self.assertNotIn("o4", items)
        self.assertNotIn("name", items["o30"])
        self.assertEqual(items["o30"]["confidence"], "provisional")
        self.assertNotIn("o31", items)

    # ------------------------------------------------------------------ publishing

    def test_publishing_gives_2570_its_criteria_and_every_page_says_provisional(self):
        row = self.draft()
        self.client.post(
            reverse("ita:draft-item", args=[self.org_a.slug, row.pk]),
            {"action": "add", "code": "o30", "indicator": 10, "name_th": "ข้อใหม่"},
        )
        self.login(self.officer_a)
        import_url = reverse("ita:results-import", args=[self.org_a.slug, 2570])
        self.assertEqual(self.client.get(import_url).status_code, 404)  # a draft is not used
        self.login(self.admin_a)
        response = self.client.post(reverse("ita:draft-publish", args=[self.org_a.slug, row.pk]))
        self.assertRedirects(response, reverse("ita:dashboard", args=[self.org_a.slug, 2570]))
        row.refresh_from_db()
        self.assertEqual(row.status, "published")
        self.login(self.officer_a)
        rows = "code,score\n" + "\n".join(f"{n},{80 + n}" for n in range(1, 11)) + "\no30,0\n"
        response = self.client.post(
            import_url, {"file": SimpleUploadedFile("r.csv", rows.encode())}
        )
        self.assertEqual(response.status_code, 200)  # the preview: nothing written yet
        response = self.client.post(import_url, {"confirm": response.context["token"]})
        self.assertEqual(response.status_code, 302, getattr(response, "content", b"")[:2000])
        template = reverse("ita:template", args=[2570])
        self.assertEqual(self.client.get(template).status_code, 404)
        response = self.client.get(template, {"org": self.org_a.slug})
        codes = [r[0] for r in load_workbook(io.BytesIO(response.content)).active.values]
        self.assertIn("o30", codes)
        self.login(self.officer_b)
        self.assertEqual(self.client.get(template, {"org": self.org_a.slug}).status_code, 404)
        self.login(self.officer_a)
        result = ItaResult.objects.get(org=self.org_a, year=2570)
        self.assertEqual(result.framework, row)
        for url in (
            reverse("ita:dashboard", args=[self.org_a.slug, 2570]),
            reverse("ita:analysis", args=[self.org_a.slug, 2570]),
            reverse("oit:checklist", args=[self.org_a.slug, 2570]),
        ):
            page = self.client.get(url)
            self.assertContains(page, NOTICE, count=1, msg_prefix=url)
        checklist = self.client.get(reverse("oit:checklist", args=[self.org_a.slug, 2570]))
        self.assertContains(checklist, "ข้อใหม่")
        # 2568 uses the official criteria: no such line
        self.assertNotContains(
            self.client.get(reverse("ita:dashboard", args=[self.org_a.slug, 2568])), "ฉบับร่าง"
        )
        # the analysis document says it too, in the organisation's digits
        download = reverse("documents:download", args=[self.org_a.slug, "ita_analysis", "docx"])
        response = self.client.get(download, {"year": 2570})
        self.assertEqual(response.status_code, 200)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        self.assertIn(NOTICE, text)
        response = self.client.get(download, {"year": 2568})
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        self.assertNotIn("ฉบับร่าง", text)

    def test_a_published_draft_cannot_be_changed(self):
        row = self.draft()
        self.client.post(reverse("ita:draft-publish", args=[self.org_a.slug, row.pk]))
        url = reverse("ita:draft-item", args=[self.org_a.slug, row.pk])
        self.assertEqual(self.client.post(url, {"action": "drop", "code": "o1"}).status_code, 404)

    # ------------------------------------------------------------------ who may

    def test_another_organisation_gets_404(self):
        row = self.draft()
        self.login(self.admin_b)
        own, other = self.org_b.slug, self.org_a.slug
        self.assertEqual(self.start(self.admin_b, self.org_a).status_code, 404)
        for name, method, data in (
            ("draft", "get", {}),
            ("draft-workbook", "get", {}),
            ("draft-item", "post", {"action": "drop", "code": "o1"}),
            ("draft-publish", "post", {}),
            ("draft-upload", "post", {}),
        ):
            for slug in (own, other):
                response = getattr(self.client, method)(
                    reverse(f"ita:{name}", args=[slug, row.pk]), data
                )
                self.assertEqual(response.status_code, 404, (name, slug))
        row.refresh_from_db()
        self.assertEqual(row.status, "draft")
        self.assertEqual(len(row.document["oit_items"]), len(builtin_document(2569)["oit_items"]))

    def test_other_roles_get_403(self):
        row = self.draft()
        for user in (self.auditor_a, self.officer_a):
            self.login(user)
            self.assertEqual(self.start(user).status_code, 403)
            self.assertEqual(
                self.client.get(reverse("ita:criteria", args=[self.org_a.slug])).status_code, 403
            )
            for name in ("draft-item", "draft-publish", "draft-upload"):
                url = reverse(f"ita:{name}", args=[self.org_a.slug, row.pk])
                self.assertEqual(
                    self.client.post(url, {"action": "drop", "code": "o1"}).status_code, 403
                )
        row.refresh_from_db()
        self.assertEqual(row.status, "draft")
