"""An organisation's own Word layout: checked when uploaded, used for both Word and PDF when it
works, named on a page (never a 500) when it does not, and gone when deleted.

Tried on the complaint statistics, a kind every organisation has for any year; nothing here
depends on which kind it is beyond its fields.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from prongsai.documents import layout, registry
from prongsai.documents.admin import DocumentTemplateForm
from prongsai.documents.models import DocumentTemplate
from prongsai.documents.registry import DocumentRequest
from prongsai.documents.tests.readback import docx_text, pdf_text
from prongsai.test import BaseTestCase
from prongsai.tests import hostile_files

KIND = "complaint_statistics"


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


OWN_LAYOUT = word_file("แบบของหน่วยงานเอง {{ org.name }}", "ปีงบประมาณ {{ fiscal_year }}")
BROKEN = {
    "not a zip": ("broken.docx", b"not a zip file at all"),
    "syntax error": ("syntax.docx", word_file("{% if %}")),
    "unknown variable": ("undefined.docx", word_file("{{ no_such_thing.total }}")),
    "private attribute": ("unsafe.docx", word_file("{{ ''.__class__.__mro__ }}")),
    "unknown filter": ("filter.docx", word_file("{{ fiscal_year|no_such_filter }}")),
}


def stored(org, name: str, data: bytes) -> DocumentTemplate:
    """Straight into the database, as a layout saved before the upload check existed."""
    return DocumentTemplate.objects.create(org=org, kind=KIND, file=SimpleUploadedFile(name, data))


class UploadedLayoutTests(BaseTestCase):
    def setUp(self):
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        self.enterContext(override_settings(MEDIA_ROOT=media.name))
        self.login(self.officer_a)

    def url(self, fmt: str) -> str:
        return reverse("documents:download", args=[self.org_a.slug, KIND, fmt]) + "?year=2569"

    def request(self) -> DocumentRequest:
        return DocumentRequest(registry.get(KIND), self.org_a, {"year": 2569})

    def form(self, name: str, data: bytes) -> DocumentTemplateForm:
        return DocumentTemplateForm(
            {"org": self.org_a.pk, "kind": KIND}, {"file": SimpleUploadedFile(name, data)}
        )

    def test_a_working_layout_is_accepted_and_kept_in_the_organisations_folder(self):
        form = self.form("own.docx", OWN_LAYOUT)
        self.assertTrue(form.is_valid(), form.errors)
        saved = form.save()
        self.assertTrue(saved.file.name.startswith(f"templates/{self.org_a.slug}/"))
        self.assertEqual(saved.file.read(), OWN_LAYOUT)

    def test_each_broken_layout_is_refused_on_upload_with_nothing_saved(self):
        for case, (name, data) in BROKEN.items():
            with self.subTest(case):
                form = self.form(name, data)
                self.assertFalse(form.is_valid())
                self.assertIn("ใช้แม่แบบนี้ไม่ได้", " ".join(form.errors["file"]))
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_the_uploaded_layout_governs_the_word_file(self):
        stored(self.org_a, "own.docx", OWN_LAYOUT)
        response = self.client.get(self.url("docx"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        self.assertIn(f"แบบของหน่วยงานเอง {self.org_a.name_th}", text)
        self.assertIn("ปีงบประมาณ พ.ศ.", text)

    @pytest.mark.slow
    def test_the_uploaded_layout_governs_the_pdf_too(self):
        shipped = pdf_text(layout.make(self.request(), "pdf"))
        self.assertNotIn("แบบของหน่วยงานเอง", shipped)
        stored(self.org_a, "own.docx", OWN_LAYOUT)
        own = pdf_text(self.client.get(self.url("pdf")).content)
        self.assertIn("แบบของหน่วยงานเอง", own)
        self.assertNotEqual(own, shipped)

    def test_the_newest_upload_wins_and_deleting_it_falls_back(self):
        first = stored(self.org_a, "first.docx", word_file("ฉบับแรก {{ fiscal_year }}"))
        newest = stored(self.org_a, "second.docx", word_file("ฉบับใหม่ {{ fiscal_year }}"))
        self.assertIn("ฉบับใหม่", docx_text(layout.make(self.request(), "docx")))
        newest.delete()
        self.assertIn("ฉบับแรก", docx_text(layout.make(self.request(), "docx")))
        first.delete()
        self.assertIn(registry.get(KIND).title_th, docx_text(layout.make(self.request(), "docx")))

    def test_another_organisations_layout_is_never_used(self):
        stored(self.org_b, "b.docx", word_file("แบบของบี {{ fiscal_year }}"))
        self.assertNotIn("แบบของบี", docx_text(layout.make(self.request(), "docx")))

    def test_each_broken_layout_stored_earlier_gives_a_page_naming_it(self):
        for case, (name, data) in BROKEN.items():
            with self.subTest(case):
                template = stored(self.org_a, name, data)
                with self.assertLogs("prongsai.documents", "ERROR") as logs:
                    response = self.client.get(self.url("docx"))
                self.assertContains(response, "แม่แบบเอกสารของหน่วยงานใช้ไม่ได้", status_code=409)
                self.assertContains(response, template.file.name, status_code=409)
                self.assertIn(template.file.name, logs.output[0])
                template.delete()

    def test_a_layout_whose_file_is_gone_gives_the_page(self):
        template = stored(self.org_a, "gone.docx", OWN_LAYOUT)
        template.file.storage.delete(template.file.name)
        with self.assertLogs("prongsai.documents", "ERROR"):
            response = self.client.get(self.url("docx"))
        self.assertContains(response, "gone", status_code=409)

    def test_an_administrator_gets_a_link_to_the_layout(self):
        template = stored(self.org_a, "broken.docx", b"not a zip")
        self.officer_a.is_staff = True
        self.officer_a.save()
        with self.assertLogs("prongsai.documents", "ERROR"):
            response = self.client.get(self.url("docx"))
        link = reverse("admin:documents_documenttemplate_change", args=[template.pk])
        self.assertContains(response, link, status_code=409)

    def test_the_command_line_says_so_and_exits_2(self):
        stored(self.org_a, "broken.docx", b"not a zip")
        out = Path(self.enterContext(tempfile.TemporaryDirectory())) / "a.docx"
        args = ["--org", "org-a", "--year", "2569", "--format", "docx", "--out", str(out)]
        with self.assertRaises(CommandError) as caught:
            call_command("document", KIND, *args)
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("แม่แบบเอกสารที่หน่วยงานอัปโหลดใช้ไม่ได้", str(caught.exception))
        self.assertFalse(out.exists())

    def test_the_administration_refuses_a_broken_upload(self):
        root = type(self.officer_a).objects.create_superuser("root", password="long-pass-word-1")
        self.client.force_login(root)
        response = self.client.post(
            reverse("admin:documents_documenttemplate_add"),
            {"org": self.org_a.pk, "kind": KIND,
             "file": SimpleUploadedFile("syntax.docx", BROKEN["syntax error"][1])},
        )  # fmt: skip
        self.assertContains(response, "ใช้แม่แบบนี้ไม่ได้")
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_a_layout_that_unpacks_past_the_budget_is_refused_on_upload(self):
        template = DocumentTemplate(
            org=self.org_a, kind=KIND,
            file=SimpleUploadedFile("แบบฟอร์ม.docx", hostile_files.docx_bomb(30)),
        )  # fmt: skip
        with self.assertRaises(ValidationError) as error:
            template.full_clean()
        [message] = error.exception.message_dict["file"]
        self.assertIn("แบบฟอร์ม.docx", message)
        self.assertIn("25 MB", message)

    def test_a_bomb_stored_before_the_check_is_refused_when_made_without_unpacking_it(self):
        stored(self.org_a, "old.docx", hostile_files.docx_bomb(30))
        with self.assertRaises(layout.DocumentTemplateError) as error:
            layout.make(self.request(), "docx")
        # Judged from the ZIP directory, before anything unpacks it.
        self.assertIn("old.docx", str(error.exception))
        self.assertIn("25 MB", str(error.exception))
