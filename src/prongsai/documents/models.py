from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.incoming import DOCX_BUDGET, FileRefused, check_zip


def template_upload_to(instance: DocumentTemplate, filename: str) -> str:
    """Keep each organisation's templates in its own folder, so names never collide."""
    return f"templates/{instance.org.slug}/{PurePath(filename).name}"


class DocumentTemplate(models.Model):
    """An organisation's own layout (แบบฟอร์มเอกสารของหน่วยงาน) for one kind of document.

    A Word file with docxtpl tags; when an organisation uploads one for a kind, both its Word and
    its PDF documents of that kind are made from it instead of the layout shipped with Prongsai.
    The newest upload for (organisation, kind) wins; deleting it falls back to the one before,
    and finally to the shipped layout. The kind is a key of the document registry (checked when
    uploaded, not by a database choice list that would need a migration for every new kind).
    """

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="document_templates",
    )
    kind = models.CharField(_("document kind"), max_length=40)
    file = models.FileField(_("template file"), upload_to=template_upload_to)
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["org", "kind", "-uploaded", "-id"]

    def __str__(self) -> str:
        return f"{self.org} – {self.kind}"

    def clean(self) -> None:
        super().clean()
        if self.file and not self.file.name.lower().endswith(".docx"):
            raise ValidationError({"file": _("A template must be a Word file ending in .docx.")})
        if self.file and not self.file._committed:
            # A new upload: refuse a package that unpacks past the budget before any renders it.
            self.file.open("rb")
            try:
                check_zip(self.file, PurePath(self.file.name).name, DOCX_BUDGET)
            except FileRefused as exc:
                raise ValidationError({"file": str(exc)}) from exc
            finally:
                self.file.seek(0)


class DocumentSignoff(models.Model):
    """Who signs one document, as the organisation writes it (name, position, date).

    One row per organisation, kind and scope (the document's parameters, e.g. "year=2570" or
    "plan=3 round=6m"); without one, the head of the organisation signs, dated the day it is made.
    """

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="document_signoffs",
    )  # fmt: skip
    kind = models.CharField(_("document kind"), max_length=40)
    scope = models.CharField(_("document"), max_length=100)
    name = models.CharField(_("signatory's name"), max_length=200)
    position = models.CharField(_("signatory's position"), max_length=200)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("document signatory")
        verbose_name_plural = _("document signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "scope"], name="%(app_label)s_%(class)s_one_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} – {self.kind} {self.scope}: {self.name}"
