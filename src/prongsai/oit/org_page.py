"""The OIT links of the organisation page: the checklist and the public ITA page of the year the
user is in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from prongsai.oit.checklist import default_year
from prongsai.orgs.panels import Link


def checklist_year(request, org) -> tuple[int]:
    """The checklist of the year the user is in (its own published criteria count), or of the
    newest year with criteria before it."""
    return (default_year(org),)


def checklist_label(request, org) -> str:
    (year,) = checklist_year(request, org)
    return _("OIT checklist %(year)s") % {"year": year}


def public_label(request, org) -> str:
    (year,) = checklist_year(request, org)
    return _("Public ITA page %(year)s") % {"year": year}


LINK = Link(60, checklist_label, "oit:checklist", checklist_year)
PUBLIC_LINK = Link(61, public_label, "oit:public", checklist_year)
