"""The documents page: reached from the organisation page, every kind listed for the year."""

from __future__ import annotations

from django.urls import reverse

from prongsai.documents import registry
from prongsai.test import BaseTestCase


class DocumentsPageTests(BaseTestCase):
    def test_the_organisation_page_links_it_and_it_lists_every_offered_kind(self):
        self.login(self.officer_a)
        url = reverse("documents:list", args=[self.org_a.slug])
        self.assertContains(self.client.get(reverse("orgs:detail", args=[self.org_a.slug])), url)
        page = self.client.get(url, {"year": 2569})
        for kind in registry.kinds():
            if kind.offered and kind.variants_for(self.org_a, 2569):
                with self.subTest(kind=kind.key):
                    self.assertContains(page, kind.title_th)
        self.assertContains(
            page,
            reverse("documents:download", args=[self.org_a.slug, "complaint_statistics", "pdf"]),
        )
