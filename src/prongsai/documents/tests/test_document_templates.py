"""An organisation's own templates replace the shipped ones, for that organisation only."""

from __future__ import annotations

import base64
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.documents.models import DocumentTemplate
from prongsai.documents.rendering import (
    DocumentTemplateError,
    find_org_template,
    render_document,
)
from prongsai.documents.tests.conftest import pdf_text, poppler, squash

pytestmark = pytest.mark.django_db

OWN_HTML = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"></head>
<body><h1>แบบรายงานของ{{ org.name }}</h1><p>คะแนนรวม {{ summary.total }}</p></body></html>"""
# A 1×1 black PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)


def upload(org, fmt: str, name: str, content: bytes | str) -> DocumentTemplate:
    data = content.encode() if isinstance(content, str) else content
    return DocumentTemplate.objects.create(
        org=org, kind="ita_analysis", fmt=fmt, file=SimpleUploadedFile(name, data)
    )


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(tmp_path, data: bytes):
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return path


def test_an_uploaded_html_template_replaces_the_shipped_one(make_org, media, context, tmp_path):
    org_a, org_b = make_org("a"), make_org("b")
    upload(org_a, "html", "own.html", OWN_HTML)

    text_a = pdf_text(pdf(tmp_path, render_document("ita_analysis", context, "pdf", org=org_a)))
    assert squash("แบบรายงานขององค์การบริหารส่วนตำบลบ้านสวน") in squash(text_a)
    assert "คะแนนรวม ๙๒.๕๙" in text_a
    assert "ผู้รับรองข้อมูล" not in text_a

    text_b = pdf_text(pdf(tmp_path, render_document("ita_analysis", context, "pdf", org=org_b)))
    assert "แบบรายงานของ" not in text_b
    assert "ผู้รับรองข้อมูล" in text_b


def test_the_upload_is_kept_in_the_organisations_folder(make_org, media):
    template = upload(make_org("a"), "html", "own.html", OWN_HTML)
    assert template.file.name == "templates/a/own.html"
    assert (media / "templates" / "a" / "own.html").read_text(encoding="utf-8") == OWN_HTML


def test_the_newest_upload_wins_and_deleting_it_falls_back(make_org, media, context):
    org = make_org("a")
    first = upload(org, "html", "first.html", "<p>ฉบับแรก</p>")
    second = upload(org, "html", "second.html", "<p>ฉบับที่สอง</p>")
    assert find_org_template(org, "ita_analysis", "pdf") == second
    second.delete()
    assert find_org_template(org, "ita_analysis", "pdf") == first
    first.delete()
    assert find_org_template(org, "ita_analysis", "pdf") is None
    assert DocumentTemplate.objects.count() == 0


def test_an_html_template_does_not_serve_the_word_format(make_org, media):
    org = make_org("a")
    upload(org, "html", "own.html", OWN_HTML)
    assert find_org_template(org, "ita_analysis", "docx") is None


def test_an_uploaded_word_template_replaces_the_shipped_one(make_org, media, context):
    org = make_org("a")
    upload(org, "docx", "own.docx", word_file("แบบของหน่วยงาน {{ org.name }}", "{{ year }}"))
    document = docx.Document(io.BytesIO(render_document("ita_analysis", context, "docx", org=org)))
    assert [p.text for p in document.paragraphs] == [
        "แบบของหน่วยงาน องค์การบริหารส่วนตำบลบ้านสวน",
        "๒๕๖๘",
    ]


def test_a_broken_upload_is_reported_as_the_organisations_template(make_org, media, context):
    org = make_org("a")
    upload(org, "docx", "broken.docx", b"not a zip file")
    upload(org, "html", "broken.html", "{% if %}")
    for fmt in ("docx", "pdf"):
        with pytest.raises(DocumentTemplateError) as error:
            render_document("ita_analysis", context, fmt, org=org)
        assert "broken" in str(error.value)


def test_a_word_template_cannot_reach_python_internals(make_org, media, context):
    # Jinja outside its sandbox would list every class loaded in the server here.
    org = make_org("a")
    upload(org, "docx", "evil.docx", word_file("{{ ''.__class__.__mro__[1].__subclasses__() }}"))
    with pytest.raises(DocumentTemplateError) as error:
        render_document("ita_analysis", context, "docx", org=org)
    assert "unsafe" in str(error.value)


def test_an_html_template_cannot_pull_in_server_files(make_org, media, context, tmp_path):
    org = make_org("a")
    secret = tmp_path / "secret.png"
    secret.write_bytes(PIXEL)
    inline = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    upload(
        org,
        "html",
        "own.html",
        f'<p>ภาพ</p><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png">'
        f'<img src="{inline}">',
    )
    path = pdf(tmp_path, render_document("ita_analysis", context, "pdf", org=org))
    images = poppler("pdfimages", "-list", path).splitlines()[2:]
    assert len(images) == 1  # only the data: URL


def test_a_template_file_must_match_its_format(make_org, media):
    org = make_org("a")
    template = DocumentTemplate(org=org, kind="ita_analysis", fmt="html")
    template.file.save("layout.docx", ContentFile(b"x"), save=False)
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "file" in error.value.message_dict
    template.fmt = "docx"
    template.full_clean()


def test_the_organisations_digit_setting_is_the_default(make_org, media, context, tmp_path):
    org = make_org("a")
    org.thai_digits = False  # as Organisation.thai_digits stores it
    del context["thai_digits"]
    text = pdf_text(pdf(tmp_path, render_document("ita_analysis", context, "pdf", org=org)))
    assert "ส่วนที่ 1 ผลคะแนนการประเมิน" in text
    org.thai_digits = True
    text = pdf_text(pdf(tmp_path, render_document("ita_analysis", context, "pdf", org=org)))
    assert "ส่วนที่ ๑ ผลคะแนนการประเมิน" in text
