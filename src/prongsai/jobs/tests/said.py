"""What a job's page says, read in both languages."""

from __future__ import annotations


def assert_said_in_both(test, job, thai: str, english: str) -> None:
    """The job's English page says `english` and not `thai`; its Thai page says `thai`."""
    url = job.links["detail"]  # reversed once: a request leaves its language active
    page = test.client.get("/en" + url)
    test.assertContains(page, english)
    test.assertNotContains(page, thai)
    test.assertContains(test.client.get(url), thai)
