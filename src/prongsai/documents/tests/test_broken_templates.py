"""A broken uploaded template: refused when it is uploaded, a page that names it when it is used.

Broken means: a "Word" file that is not one, a Jinja or Django syntax error, an unsafe
expression, an attribute of a variable the document does not have, an unknown tag library, an
include that does not exist, an HTML file that is not UTF-8, a file gone from the storage.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from prongsai.documents import registry, samples
from prongsai.documents.admin import DocumentTemplateForm
from prongsai.documents.models import DocumentKind, DocumentTemplate
from prongsai.documents.rendering import (
    DocumentTemplateError,
    check_template,
    formats_for,
    shipped_template,
)
from prongsai.test import BaseTestCase


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BROKEN_WORD = {
    "not a zip": ("broken.docx", b"not a zip file at all"),
    "syntax error": ("syntax.docx", word_file("{% if %}")),
    "undefined variable": ("undefined.docx", word_file("{{ no_such_thing.total }}")),
    "unsafe": ("unsafe.docx", word_file("{{ ''.__class__.__mro__[1].__subclasses__() }}")),
    "unknown filter": ("filter.docx", word_file("{{ year|no_such_filter }}")),
}
BROKEN_HTML = {
    "syntax error": ("syntax.html", b"<p>{% if %}</p>"),
    "unknown library": ("library.html", b"{% load no_such_library %}<p>x</p>"),
    "missing include": ("include.html", b'<p>{% include "no/such.html" %}</p>'),
    "not UTF-8": ("latin.html", "<p>ปี</p>".encode("cp874")),
}


# Kinds made from the registry's layouts: their old shipped templates are gone.
MOVED = {kind.key for kind in registry.kinds()}


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_kind_has_a_sample_context(kind):
    context = getattr(samples, f"{kind}_context")()
    assert isinstance(context, dict) and context


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "fmt"),
    [(k, f) for k in DocumentKind.values if k not in MOVED for f in formats_for(k)],
)
def test_a_copy_of_each_shipped_template_is_accepted(kind, fmt, make_org, media):
    path = shipped_template(kind, fmt)
    template = DocumentTemplate(
        org=make_org("a"), kind=kind, fmt="docx" if fmt == "docx" else "html"
    )
    template.file = ContentFile(path.read_bytes(), name=path.name)
    check_template(template)  # raises if the sample cannot be laid out with it


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BROKEN_WORD))
def test_a_broken_word_template_is_refused_on_upload(case, make_org, media):
    name, data = BROKEN_WORD[case]
    form = upload_form(make_org("a"), "docx", name, data)
    assert not form.is_valid()
    assert "ใช้แม่แบบนี้ไม่ได้" in " ".join(form.errors["file"])
    assert DocumentTemplate.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BROKEN_HTML))
def test_a_broken_html_template_is_refused_on_upload(case, make_org, media):
    name, data = BROKEN_HTML[case]
    form = upload_form(make_org("a"), "html", name, data)
    assert not form.is_valid()
    assert "ใช้แม่แบบนี้ไม่ได้" in " ".join(form.errors["file"])


@pytest.mark.django_db
def test_a_working_template_is_accepted_on_upload(make_org, media):
    data = word_file("แบบของหน่วยงาน {{ org.name }} ปี {{ year }}", "{{ summary.total }}")
    form = upload_form(make_org("a"), "docx", "own.docx", data)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.file.read() == data


def upload_form(org, fmt: str, name: str, data: bytes) -> DocumentTemplateForm:
    return DocumentTemplateForm(
        {"org": org.pk, "kind": "ita_analysis", "fmt": fmt},
        {"file": SimpleUploadedFile(name, data)},
    )


class BrokenTemplateDownloadTests(BaseTestCase):
    """The organisation's analysis with its own template broken: a page in Thai, and a log."""

    def setUp(self):
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        self.enterContext(override_settings(MEDIA_ROOT=media.name))
        self.login(self.officer_a)

    def url(self, fmt: str) -> str:
        return reverse("ita:analysis-download", args=[self.org_a.slug, 2568, fmt])

    def upload(self, fmt: str, name: str, data: bytes) -> DocumentTemplate:
        # Straight into the database, as a template saved before the upload check existed.
        return DocumentTemplate.objects.create(
            org=self.org_a, kind="ita_analysis", fmt=fmt, file=SimpleUploadedFile(name, data)
        )

    def assert_named_on_a_page(self, fmt: str, template: DocumentTemplate):
        with self.assertLogs("prongsai.documents", "ERROR") as logs:
            response = self.client.get(self.url(fmt))
        self.assertContains(response, "แม่แบบเอกสารของหน่วยงานใช้ไม่ได้", status_code=409)
        self.assertContains(response, template.file.name, status_code=409)
        self.assertContains(response, "การวิเคราะห์ผลการประเมิน ITA", status_code=409)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        self.assertIn(template.file.name, logs.output[0])

    def test_each_broken_word_template_gives_a_page_not_a_500(self):
        for case, (name, data) in BROKEN_WORD.items():
            with self.subTest(case):
                template = self.upload("docx", name, data)
                self.assert_named_on_a_page("docx", template)
                template.delete()

    def test_each_broken_html_template_gives_a_page_not_a_500(self):
        for case, (name, data) in BROKEN_HTML.items():
            with self.subTest(case):
                template = self.upload("html", name, data)
                self.assert_named_on_a_page("pdf", template)
                template.delete()

    def test_a_template_whose_file_is_gone_gives_the_page(self):
        template = self.upload("docx", "gone.docx", word_file("{{ year }}"))
        template.file.storage.delete(template.file.name)
        self.assert_named_on_a_page("docx", template)

    def test_an_administrator_gets_a_link_to_the_template(self):
        template = self.upload("docx", "broken.docx", b"not a zip")
        admin = self.officer_a
        admin.is_staff = True
        admin.save()
        with self.assertLogs("prongsai.documents", "ERROR"):
            response = self.client.get(self.url("docx"))
        link = reverse("admin:documents_documenttemplate_change", args=[template.pk])
        self.assertContains(response, link, status_code=409)

    def test_deleting_the_template_brings_back_the_shipped_layout(self):
        self.upload("docx", "broken.docx", b"not a zip").delete()
        response = self.client.get(self.url("docx"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"PK"))

    def test_the_command_line_says_so_and_exits_2(self):
        self.upload("docx", "broken.docx", b"not a zip")
        out = Path(self.enterContext(tempfile.TemporaryDirectory())) / "a.docx"
        args = ["--org", "org-a", "--year", "2568", "--format", "docx", "--out", str(out)]
        with self.assertRaises(CommandError) as caught:
            call_command("document_ita_analysis", *args)
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("แม่แบบเอกสารที่หน่วยงานอัปโหลดใช้ไม่ได้", str(caught.exception))
        self.assertFalse(out.exists())

    def test_the_administration_refuses_a_broken_upload(self):
        root = type(self.officer_a).objects.create_superuser("root", password="long-pass-word-1")
        self.client.force_login(root)
        response = self.client.post(
            reverse("admin:documents_documenttemplate_add"),
            {"org": self.org_a.pk, "kind": "ita_analysis", "fmt": "docx",
             "file": SimpleUploadedFile("syntax.docx", BROKEN_WORD["syntax error"][1])},
        )  # fmt: skip
        self.assertContains(response, "ใช้แม่แบบนี้ไม่ได้")
        self.assertFalse(DocumentTemplate.objects.exists())


def test_the_error_carries_the_template_and_the_cause(make_org, media):
    template = DocumentTemplate.objects.create(
        org=make_org("a"), kind="ita_analysis", fmt="html",
        file=SimpleUploadedFile("x.html", BROKEN_HTML["missing include"][1]),
    )  # fmt: skip
    with pytest.raises(DocumentTemplateError) as error:
        check_template(template)
    assert error.value.template == template
    assert "no/such.html" in str(error.value.error)
