"""An organisation's broken document template: a page that says so, never a 500."""

from __future__ import annotations

import logging

from django.shortcuts import render
from django.utils import timezone

from prongsai.documents import layout
from prongsai.thai import thai_date

logger = logging.getLogger("prongsai.documents")
_SHOWN = 500  # characters of the renderer's error quoted on the page


class DocumentTemplateErrorMiddleware:
    """Answers :class:`DocumentTemplateError` from any download with a page naming the template.

    Status 409: the request is right, the organisation's uploaded layout is not; an administrator
    corrects or deletes it (then Prongsai's own layout is used). The error is logged in full.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, layout.DocumentTemplateError):
            return None
        template = exception.template
        logger.error(
            "uploaded document template %s (id %s, %s) of %s cannot be used: %s",
            template.file.name, template.pk, template.kind, template.org.slug,
            exception.error, exc_info=exception,
        )  # fmt: skip
        error = f"{type(exception.error).__name__}: {exception.error}"
        uploaded = timezone.localtime(template.uploaded).date() if template.uploaded else None
        context = {
            "template": template,
            "org": template.org,
            "error": error if len(error) <= _SHOWN else error[:_SHOWN] + "…",
            "uploaded": thai_date(uploaded, thai_digits=False) if uploaded else "",
        }
        return render(request, "document_template_error.html", context, status=409)
