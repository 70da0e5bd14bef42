from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.incoming import DOCX_BUDGET, FileRefused, check_zip


class DocumentKind(models.TextChoices):
    """The documents Prongsai can produce; each has a shipped HTML template, most a DOCX one.

    The kinds in :data:`PDF_ONLY_KINDS` are only printed (slips to cut out, posters): they have
    no Word layout, and asking for one is an error.
    """

    ITA_ANALYSIS = "ita_analysis", _("ITA results analysis (การวิเคราะห์ผลการประเมิน ITA)")
    SURVEY_CODES = "survey_codes", _("Survey code slips (บัตรรหัสสำหรับตอบแบบวัด)")
    SURVEY_POSTER = "survey_poster", _("Survey poster (โปสเตอร์เชิญตอบแบบสำรวจ)")
    SATISFACTION_REPORT = (
        "satisfaction_report",
        _("Service satisfaction report (รายงานผลการประเมินความพึงพอใจ)"),
    )
    ACTION_PLAN = (
        "action_plan",
        _("Anti-corruption action plan (แผนปฏิบัติการป้องกันการทุจริต)"),
    )
    PLAN_REPORT = (
        "plan_report",
        _("Action plan monitoring report (รายงานการกำกับติดตามแผนปฏิบัติการป้องกันการทุจริต)"),
    )
    RISK_ASSESSMENT = (
        "risk_assessment",
        _("Corruption risk assessment (การประเมินความเสี่ยงการทุจริต)"),
    )
    MEASURES_ANNOUNCEMENT = (
        "measures_announcement",
        _("Announcement of the integrity measures (ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใส)"),
    )
    MEASURES_REPORT = (
        "measures_report",
        _("Integrity measures implementation report (รายงานการดำเนินการตามมาตรการ)"),
    )
    ETHICS_CODE = (
        "ethics_code",
        _("Announcement of the code of ethics (ประกาศประมวลจริยธรรม)"),
    )
    ETHICS_REPORT = (
        "ethics_report",
        _("Ethical standards indicators report (รายงานผลตามตัวชี้วัดมาตรฐานทางจริยธรรม)"),
    )
    NGP_ANNOUNCEMENT = (
        "ngp_announcement",
        _("No Gift Policy announcement (ประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัล)"),
    )
    NGP_POSTER = "ngp_poster", _("No Gift Policy poster (โปสเตอร์ งดให้ งดรับ)")
    NGP_REPORT = (
        "ngp_report",
        _("No Gift Policy yearly report (รายงานผลการรับของขวัญและการสร้างวัฒนธรรม No Gift Policy)"),
    )
    COMPLAINT_STATISTICS = (
        "complaint_statistics",
        _("Complaint statistics (ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ)"),
    )
    COMPLAINTS_POSTER = (
        "complaints_poster",
        _("Complaint channel poster (โปสเตอร์ช่องทางแจ้งเรื่องร้องเรียน)"),
    )
    OIT_FINDINGS = (
        "oit_findings",
        _("OIT disclosure check report (รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ OIT)"),
    )


# Kinds printed to PDF only: no Word template is shipped, and none may be uploaded.
PDF_ONLY_KINDS = frozenset(
    {
        DocumentKind.SURVEY_CODES,
        DocumentKind.SURVEY_POSTER,
        DocumentKind.NGP_POSTER,
        DocumentKind.COMPLAINTS_POSTER,
    }
)


def template_upload_to(instance: DocumentTemplate, filename: str) -> str:
    """Keep each organisation's templates in its own folder, so names never collide."""
    return f"templates/{instance.org.slug}/{PurePath(filename).name}"


class DocumentTemplate(models.Model):
    """An organisation's own layout (แบบฟอร์มเอกสารของหน่วยงาน) for one kind of document.

    When an organisation uploads a Word (DOCX, docxtpl tags) or HTML (Django template) file for a
    kind, `rendering.render_document` uses it instead of the template shipped with Prongsai. The
    newest upload for (organisation, kind, format) wins; deleting it falls back to the one before,
    and finally to the shipped template.
    """

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (DOCX)")
        HTML = "html", _("HTML, printed to PDF")

    # Accepted file name endings per format: a .docx uploaded as HTML would render as garbage.
    SUFFIXES = {Format.DOCX: (".docx",), Format.HTML: (".html", ".htm")}

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="document_templates",
    )
    kind = models.CharField(_("document kind"), max_length=40, choices=DocumentKind.choices)
    fmt = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = models.FileField(_("template file"), upload_to=template_upload_to)
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["org", "kind", "fmt", "-uploaded", "-id"]

    def __str__(self) -> str:
        return f"{self.org} – {self.get_kind_display()} ({self.get_fmt_display()})"

    def clean(self) -> None:
        super().clean()
        suffixes = self.SUFFIXES.get(self.fmt)
        if self.file and suffixes and not self.file.name.lower().endswith(suffixes):
            raise ValidationError(
                {
                    "file": _("A %(format)s template must be a file ending in %(suffixes)s.")
                    % {"format": self.get_fmt_display(), "suffixes": ", ".join(suffixes)}
                }
            )
        if self.fmt == self.Format.DOCX and self.file and not self.file._committed:
            # A new upload: refuse a package that unpacks past the budget before any renders it.
            self.file.open("rb")
            try:
                check_zip(self.file, PurePath(self.file.name).name, DOCX_BUDGET)
            except FileRefused as exc:
                raise ValidationError({"file": str(exc)}) from exc
            finally:
                self.file.seek(0)
        if self.fmt == self.Format.DOCX and self.kind in PDF_ONLY_KINDS:
            raise ValidationError(
                {
                    "fmt": _("%(kind)s is printed as PDF only: upload an HTML template.")
                    % {"kind": self.get_kind_display()}
                }
            )
