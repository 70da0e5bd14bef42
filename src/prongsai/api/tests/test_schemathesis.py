"""Schemathesis against the API's own OpenAPI description, through the Django WSGI app with a
valid write token: every operation, with valid (positive) and invalid (negative) data, answers
without a 500 and every answer it documents matches its schema. Bounded: a few examples an
operation, derandomised so a run is repeatable."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from prongsai.api.tests.test_access import ApiTestCase

EXAMPLES = 6  # per operation and mode


@pytest.mark.slow
@override_settings(API_RATE="off", ALLOWED_HOSTS=["localhost", "testserver"])
class SchemathesisTests(ApiTestCase):
    def setUp(self):
        # The WSGI handler closes "old" connections at each request; inside the test's
        # transaction that would drop it (Django's test client disconnects the same way).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        self.addCleanup(signals.request_started.connect, close_old_connections)
        self.addCleanup(signals.request_finished.connect, close_old_connections)
        cache.clear()

    def path_values(self, path: str) -> dict:
        """Real ids of organisation A, so the examples reach its objects and not only 404s."""
        ours = self.objects["a"]
        ids = {
            "analyses": ours["analysis"].pk, "measures": ours["measure"].pk,
            "projects": ours["project"].pk, "progress": ours["progress"].pk,
            "evidence": ours["evidence"].pk, "checks": ours["check"].pk,
            "link-checks": ours["link"].pk, "frameworks": self.result_a.framework_id,
        }  # fmt: skip
        values = {}
        if "{org_slug}" in path:
            values["org_slug"] = "org-a"
        if "{slug}" in path:
            values["slug"] = "org-a"
        if "{year}" in path:
            values["year"] = 2568
        if "{name}" in path:
            values["name"] = "ชลบุรี"
        if "{id}" in path:
            collection = path.rstrip("/").split("/")[-2]
            values["id"] = ids[collection]
        return values

    def test_every_operation_answers_without_a_500_and_as_documented(self):
        app = get_wsgi_application()
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        checks = [
            not_a_server_error,  # no 500
            status_code_conformance,  # every status is one the description lists
            content_type_conformance,
            response_schema_conformance,  # and its body matches that status's schema
        ]
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreaterEqual(len(operations), 30)
        tried, failures = 0, []
        for operation in operations:
            token = self.province_text if "{name}" in operation.path else self.write_a_text
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = operation.as_strategy(
                    generation_mode=mode,
                    path_parameters=self.path_values(operation.path),
                    headers={"Authorization": f"Bearer {token}"},
                )

                @given(case=strategy)
                @settings(
                    max_examples=EXAMPLES,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
                def run(case):
                    response = case.call()
                    case.validate_response(response, checks=checks)

                try:
                    run()
                except Unsatisfiable:  # nothing to make invalid in this operation
                    continue
                except (
                    Exception,
                    BaseExceptionGroup,
                ) as failure:  # every operation's failures, not the first only
                    failures.append(f"{operation.label} ({mode.value}): {failure}")
                tried += 1
        self.assertFalse(failures, "\n\n".join(failures))
        self.assertGreaterEqual(tried, len(operations))
