"""The OIT link of the organisation page: the checklist of the year the user is in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from prongsai.oit.checklist import year_for
from prongsai.orgs.panels import Link, current_year


def checklist_year(request, org) -> tuple[int]:
    """The checklist of the year the user is in (its own published criteria count), or of the
    newest year with criteria before it."""
    (year,) = current_year()
    return (year_for(year, org),)


def checklist_label(request, org) -> str:
    (year,) = checklist_year(request, org)
    return _("OIT checklist %(year)s") % {"year": year}


LINK = Link(60, checklist_label, "oit:checklist", checklist_year)
