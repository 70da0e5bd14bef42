"""What the organisation page shows from each app, without `orgs` knowing the apps.

`orgs` sits below the domain apps: it may not import them. Each app registers, in its AppConfig's
ready(), the panel it adds to the organisation page (a template and the context it needs) and
the links to its own pages; the page renders them in order. A panel's context function gets the
request (its `org_role` is set) and the organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from prongsai.thai import fiscal_year


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable | None = None

    def render_context(self, request, org) -> dict:
        return self.context(request, org) if self.context else {}


@dataclass(frozen=True)
class Link:
    order: int
    label: object  # text, or a function of (request, org) giving it
    url_name: str
    # url arguments after the organisation's slug, given the request and the organisation
    args: Callable | None = None
    # who sees it, given the request (role in request.org_role)
    shown: Callable | None = None

    def url(self, request, org) -> str:
        extra = self.args(request, org) if self.args else ()
        return reverse(self.url_name, args=[org.slug, *extra])


_panels: list[Panel] = []
_links: list[Link] = []


def add_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def add_link(link: Link) -> None:
    if link not in _links:
        _links.append(link)
        _links.sort(key=lambda item: item.order)


def panels_for(request, org) -> list[dict]:
    return [{"template": p.template, **p.render_context(request, org)} for p in _panels]


def links_for(request, org) -> list[dict]:
    return [
        {
            "label": link.label(request, org) if callable(link.label) else link.label,
            "url": link.url(request, org),
        }
        for link in _links
        if link.shown is None or link.shown(request)
    ]


def current_year(request=None, org=None) -> tuple[int]:
    """The fiscal year the user is in, as link arguments."""
    return (fiscal_year(timezone.localdate()),)
