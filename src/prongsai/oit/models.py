from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Evidence(models.Model):
    """What an organisation publishes for one OIT item of a year (หลักฐานการเปิดเผยข้อมูล)."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="oit_evidence",
    )
    year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    item = models.CharField(_("OIT item"), max_length=20)
    urls = models.TextField(_("URLs on the main website"), blank=True, help_text=_("One per line."))
    file = models.FileField(_("uploaded file"), upload_to="oit/%Y/", blank=True)
    owner = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # How a visitor reaches the evidence from the home page of the main website, the way
    # organisations explain it on their ITA page: "หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้าง".
    # One path per line (one per URL when they differ); steps separated by ">".
    steps = models.TextField(
        _("Steps from the home page"),
        blank=True,
        help_text=_(
            "How a visitor reaches this evidence from the home page, e.g. "
            "Home > About us > Structure. One path per line."
        ),
    )
    # What the navigation job found on the main website (oit/navigation.py), for the officer to
    # take or leave; never shown on the public page by itself.
    suggested_steps = models.TextField(_("Suggested steps"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("OIT evidence")
        verbose_name_plural = _("OIT evidence")
        ordering = ["org", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "item"], name="%(app_label)s_%(class)s_one_per_item"
            )
        ]

    def url_list(self) -> list[str]:
        return [u.strip() for u in self.urls.splitlines() if u.strip()]

    def step_paths(self) -> list[list[str]]:
        """The navigation steps as paths of step names: one path per non-empty line."""
        return split_paths(self.steps)


STEP_SEPARATORS = (">", "→", "»", "›")


def split_paths(text: str) -> list[list[str]]:
    """ "หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้าง" (one path per line) as lists of step names."""
    paths = []
    for line in (text or "").splitlines():
        for sep in STEP_SEPARATORS[1:]:
            line = line.replace(sep, STEP_SEPARATORS[0])
        steps = [s.strip() for s in line.split(STEP_SEPARATORS[0]) if s.strip()]
        if steps:
            paths.append(steps)
    return paths


def join_path(steps: list[str]) -> str:
    return " > ".join(steps)


class ComponentCheck(models.Model):
    """A person's tick that a required component is there, with a note and who checked it."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="checks")
    component = models.CharField(_("component"), max_length=30)
    ticked = models.BooleanField(_("present"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("component check")
        verbose_name_plural = _("component checks")
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "component"], name="%(app_label)s_%(class)s_unique"
            )
        ]


class LinkCheck(models.Model):
    """One automatic check of one evidence URL, kept as history to show what changed."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="oit_link_checks"
    )
    year = models.PositiveIntegerField()
    item = models.CharField(max_length=20)
    url = models.URLField(max_length=1000)
    run = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=20)
    http = models.PositiveSmallIntegerField(null=True)
    final_url = models.URLField(max_length=1000, blank=True)
    year_found = models.PositiveIntegerField(null=True)
    missing = models.JSONField(default=list)
    finding = models.TextField(blank=True)  # Thai, as documents print it
    fix = models.TextField(blank=True)
    finding_en = models.TextField(blank=True)  # for English pages; "" in checks made before
    fix_en = models.TextField(blank=True)
    # Where each component found is, for the assessor: [{"component": "o1.1", "where": "page",
    # "page": 3, "excerpt": "…"}] (sheet, anchor or heading instead of page); see
    # extract.judge_parts. [] in checks made before, and where nothing could be pointed at.
    pointers = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["org", "year", "-run", "item"]
