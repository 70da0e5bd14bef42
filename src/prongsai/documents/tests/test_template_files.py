"""An organisation's uploaded Word template is judged from its ZIP directory, upload and render."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prongsai.documents.models import DocumentTemplate
from prongsai.documents.rendering import DocumentTemplateError, render_document
from prongsai.tests import hostile_files

pytestmark = pytest.mark.django_db


def test_a_word_template_that_unpacks_past_the_budget_is_refused_on_upload(make_org, media):
    template = DocumentTemplate(
        org=make_org("a"),
        kind="ita_analysis",
        fmt="docx",
        file=SimpleUploadedFile("แบบฟอร์ม.docx", hostile_files.docx_bomb(30)),
    )

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    [message] = error.value.message_dict["file"]
    assert "แบบฟอร์ม.docx" in message and "25 MB" in message


def test_a_bomb_stored_before_the_check_is_refused_when_rendered(make_org, media, context):
    org = make_org("a")
    DocumentTemplate.objects.create(
        org=org,
        kind="ita_analysis",
        fmt="docx",
        file=SimpleUploadedFile("old.docx", hostile_files.docx_bomb(30)),
    )

    started = time.perf_counter()
    with pytest.raises(DocumentTemplateError) as error:
        render_document("ita_analysis", context, "docx", org=org)

    assert time.perf_counter() - started < 2
    assert "old.docx" in str(error.value) and "25 MB" in str(error.value)
